package dev.acs.agent;

import java.util.List;

/** The model of one task, planning and coding through the same provider chain. */
public final class Agent {
  private final ProviderChain model;

  Agent(ProviderChain model) {
    this.model = model;
  }

  public Plan plan(Planner.PlanRequest request) {
    return new Planner(model).plan(request);
  }

  /** A plan, or the clarifying questions the model asked instead (see {@link Planner#planOrAsk}). */
  public Planner.Outcome planOrAsk(Planner.PlanRequest request) {
    return new Planner(model).planOrAsk(request);
  }

  public CodingResult code(CodingRequest request) {
    return new Coder(model).run(request);
  }

  /** The provider:model routes, in failover order. */
  public List<String> routes() {
    return model.routeNames();
  }
}
