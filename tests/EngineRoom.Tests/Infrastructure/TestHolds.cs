using EngineRoom.Checkout;
using EngineRoom.Inventory;

namespace EngineRoom.Tests.Infrastructure;

/// <summary>Stock held as a checkout holds it: the units reserved and the attempt that carries them, committed together.</summary>
public static class TestHolds
{
    public static Task<Guid> HoldAsync(EngineRoomApp app, string sku, int quantity) => app.QueryAsync(async db =>
    {
        await using var tx = await db.Database.BeginTransactionAsync();
        var now = app.Clock.GetUtcNow();
        var stock = await StockReservations.ReserveAsync(db, [new StockRequest(sku, quantity)], default);
        Assert.Empty(stock.Short);
        var attempt = new CheckoutAttempt
        {
            Id = Guid.CreateVersion7(now), Status = AttemptStatus.Authorizing, CreatedAt = now, UpdatedAt = now, ExpiresAt = now.AddMinutes(15),
            Holds = StockHeld.Write(stock.Held),
        };
        db.CheckoutAttempts.Add(attempt);
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        return attempt.Id;
    });
}
