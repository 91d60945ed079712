namespace Shop.Scheduling;

/// <summary>Runs jobs at fixed times.</summary>
public sealed class Scheduler
{
    /// <summary>Adds a job.</summary>
    public void Add(string name, TimeSpan every) { }
}
