using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EngineRoom.Inventory;
using EngineRoom.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EngineRoom.Tests.Inventory;

public abstract class InventoryConcurrencyTests(EngineRoomApp app)
{
    private static string NewSku() => $"RACE-{Guid.NewGuid():N}";

    [Fact]
    public async Task Fifty_parallel_adjustments_keep_on_hand_equal_to_the_movements_and_never_below_reserved()
    {
        var staff = await app.StaffClientAsync();
        var sku = NewSku();
        await staff.PostAsJsonAsync($"/admin/inventory/{sku}/adjustments", new { delta = 20, reason = "received" }).JsonAsync();
        await ReserveAsync(sku, 5);

        // 25 x +3 and 25 x -7: 75 in, 175 asked out of 20 - 5 available, so many removals must be refused.
        var deltas = Enumerable.Range(0, 50).Select(i => i % 2 == 0 ? 3 : -7).ToList();
        var answers = await Task.WhenAll(deltas.Select(delta =>
            staff.PostAsJsonAsync($"/admin/inventory/{sku}/adjustments", new { delta, reason = delta > 0 ? "received" : "lost" })));

        var applied = new List<long>();
        for (var i = 0; i < answers.Length; i++)
        {
            if (answers[i].StatusCode == HttpStatusCode.Conflict) { await answers[i].AssertProblemAsync(HttpStatusCode.Conflict, "insufficient_stock"); continue; }
            var change = await answers[i].JsonAsync();
            Assert.True(change.GetProperty("onHand").GetInt64() >= change.GetProperty("reserved").GetInt64(), change.ToString());
            applied.Add(deltas[i]);
        }
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.Conflict);
        Assert.All(applied.Where(d => d > 0), d => Assert.Equal(3, d)); // every addition succeeds
        Assert.Equal(25, applied.Count(d => d > 0));

        var (onHand, reserved, movements) = await StateAsync(sku);
        Assert.Equal(movements.Sum(), onHand);
        Assert.Equal(20 + applied.Sum(), onHand);
        Assert.True(onHand >= reserved && reserved == 5, $"on hand {onHand}, reserved {reserved}");
        // Replayed in the order they were written, the running total never dips below what was reserved.
        var running = 0L;
        foreach (var delta in movements) Assert.True((running += delta) >= 0, $"running total went to {running}");
    }

    [Fact]
    public async Task Stock_counts_racing_adjustments_lose_no_update()
    {
        var staff = await app.StaffClientAsync();
        var sku = NewSku();
        await staff.PostAsJsonAsync($"/admin/inventory/{sku}/adjustments", new { delta = 100, reason = "received" }).JsonAsync();

        var work = Enumerable.Range(0, 30).Select(i => i % 6 == 0
            ? staff.PutAsJsonAsync($"/admin/inventory/{sku}/stock", new { onHand = 50, reason = "correction", note = "count" })
            : staff.PostAsJsonAsync($"/admin/inventory/{sku}/adjustments", new { delta = i % 2 == 0 ? 2 : -1, reason = "correction" }));
        var answers = await Task.WhenAll(work);
        foreach (var answer in answers) await answer.JsonAsync(); // nothing here can be refused: on hand stays far above zero

        var (onHand, _, movements) = await StateAsync(sku);
        Assert.Equal(movements.Sum(), onHand);
        // Each count's movement, replayed in write order, lands the running total exactly on the counted 50.
        var rows = await app.QueryAsync(db => db.StockMovements.Where(m => m.Sku == sku).OrderBy(m => m.Id)
            .Select(m => new { m.Delta, m.Note }).ToListAsync());
        var running = 0L;
        foreach (var row in rows)
        {
            running += row.Delta;
            if (row.Note == "count") Assert.Equal(50, running);
        }
        Assert.Equal(5, rows.Count(r => r.Note == "count"));
    }

    [Fact]
    public async Task The_sweeper_releases_expired_holds_exactly_once()
    {
        var sku = NewSku();
        await app.QueryAsync(db => StockAdjustments.AdjustAsync(db, sku, 10, "received", null, null, app.Clock.GetUtcNow(), default));
        var attempt = await ReserveAsync(sku, 4);
        Assert.Equal(4, (await StateAsync(sku)).Reserved);

        app.Clock.Advance(TimeSpan.FromMinutes(16));
        var sweeper = app.Services.GetRequiredService<EngineRoom.Checkout.HoldSweeper>();
        await sweeper.SweepAsync(default); // the background sweep may get there first: either way it is released once

        var (onHand, reserved, _) = await StateAsync(sku);
        Assert.Equal((10L, 0L), (onHand, reserved));
        var hold = await app.QueryAsync(db => db.CheckoutAttempts.Where(a => a.Id == attempt).Select(a => a.Hold).SingleAsync());
        Assert.Equal(EngineRoom.Checkout.HoldState.Released, hold);
        Assert.Equal(0, await sweeper.SweepAsync(default));
        Assert.Equal(0, (await StateAsync(sku)).Reserved);
    }

    private Task<Guid> ReserveAsync(string sku, int quantity) => TestHolds.HoldAsync(app, sku, quantity);

    private async Task<(long OnHand, long Reserved, List<long> Movements)> StateAsync(string sku)
    {
        var level = await app.QueryAsync(db => db.StockLevels.AsNoTracking().SingleAsync(l => l.Sku == sku));
        var movements = await app.QueryAsync(db => db.StockMovements.Where(m => m.Sku == sku).OrderBy(m => m.Id).Select(m => m.Delta).ToListAsync());
        return (level.OnHand, level.Reserved, movements);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class InventoryConcurrencyTestsOnSqlite(SqliteApp app) : InventoryConcurrencyTests(app);

[Collection(PostgresCollection.Name)]
public sealed class InventoryConcurrencyTestsOnPostgres(PostgresApp app) : InventoryConcurrencyTests(app);
