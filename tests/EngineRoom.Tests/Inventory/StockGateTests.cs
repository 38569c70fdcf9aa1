using EngineRoom.Inventory;

namespace EngineRoom.Tests.Inventory;

/// <summary>The in-process gate in front of stock reservations (correctness rests on the conditional UPDATE; this is about queueing).</summary>
public sealed class StockGateTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_second_buyer_of_the_same_SKU_waits_until_the_first_is_through()
    {
        var sku = $"GATE-{Guid.NewGuid():N}";
        var first = await StockGate.EnterAsync([sku, $"OTHER-{Guid.NewGuid():N}"], CancellationToken.None);
        var second = StockGate.EnterAsync([sku], CancellationToken.None);
        Assert.False(second.IsCompleted);

        first.Dispose();
        (await second.WaitAsync(Timeout)).Dispose();
    }

    [Fact]
    public async Task Repeated_SKUs_in_one_order_enter_once_and_a_cancelled_wait_takes_nothing()
    {
        var sku = $"GATE-{Guid.NewGuid():N}";
        var entered = await StockGate.EnterAsync([sku, sku, sku], CancellationToken.None).WaitAsync(Timeout); // would deadlock if taken twice
        using var cancel = new CancellationTokenSource();
        var waiting = StockGate.EnterAsync([sku], cancel.Token);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        entered.Dispose();
        (await StockGate.EnterAsync([sku], CancellationToken.None).WaitAsync(Timeout)).Dispose(); // the gate is free again
    }
}
