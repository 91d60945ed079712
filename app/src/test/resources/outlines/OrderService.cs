using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Shop.Orders
{
    /// <summary>
    /// Places and cancels orders against the inventory.
    /// </summary>
    public class OrderService : IOrderService, IDisposable
    {
        private readonly IInventory _inventory;

        /// <summary>Creates the service over an inventory.</summary>
        public OrderService(IInventory inventory)
        {
            _inventory = inventory ?? throw new ArgumentNullException(nameof(inventory));
        }

        /// <summary>
        /// Reserves stock and returns the new order's id.
        /// </summary>
        /// <param name="lines">What to order.</param>
        public async Task<Guid> PlaceAsync(IReadOnlyList<OrderLine> lines, CancellationToken ct = default)
        {
            foreach (var line in lines)
            {
                await _inventory.ReserveAsync(line.Sku, line.Quantity, ct);
            }
            return Guid.NewGuid();
        }

        /// <summary>Total price of the lines, in cents.</summary>
        public static long Total(IEnumerable<OrderLine> lines)
        {
            long sum = 0;
            foreach (var l in lines) sum += l.UnitPrice * l.Quantity;
            return sum;
        }

        [Obsolete("Use PlaceAsync")]
        public Guid Place(IReadOnlyList<OrderLine> lines) => PlaceAsync(lines).GetAwaiter().GetResult();

        private void Log(string message) => Console.WriteLine(message);

        public void Dispose() { }

        public string Name { get; set; } = "orders";
    }

    /// <summary>The operations an order service offers.</summary>
    public interface IOrderService
    {
        /// <summary>Places an order.</summary>
        Task<Guid> PlaceAsync(IReadOnlyList<OrderLine> lines, CancellationToken ct = default);
    }

    public interface IInventory
    {
        Task ReserveAsync(string sku, int quantity, CancellationToken ct);
    }

    /// <summary>One line of an order.</summary>
    public record OrderLine(string Sku, int Quantity, long UnitPrice);

    public struct Money
    {
        public long Cents;
        public string Currency;
    }

    public enum OrderState { Open, Paid, Shipped, Cancelled }

    /// <summary>Called when an order changes state.</summary>
    public delegate void OrderChanged(Guid id, OrderState state);

    internal static class OrderExtensions
    {
        /// <summary>True once the order can no longer change.</summary>
        public static bool IsFinal(this OrderState s) => s is OrderState.Shipped or OrderState.Cancelled;

        public static T FirstOr<T>(this IEnumerable<T> items, T fallback) where T : class
        {
            foreach (var i in items) return i;
            return fallback;
        }
    }
}
