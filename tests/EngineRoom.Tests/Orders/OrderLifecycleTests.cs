using System.Net;
using EngineRoom.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Tests.Orders;

public abstract class OrderLifecycleTests(EngineRoomApp app)
{
    private readonly OrderScenario _orders = new(app);

    /// <summary>Every state against every action: the new status, or null for 409 invalid_transition.</summary>
    public static TheoryData<string, string, string?> Transitions()
    {
        var expected = new Dictionary<string, Dictionary<string, string>>
        {
            ["authorized"] = new() { ["capture"] = "paid", ["void"] = "cancelled", ["cancel"] = "cancelled" },
            ["paid"] = new() { ["cancel"] = "cancelled", ["refund"] = "partially_refunded", ["fulfil"] = "partially_fulfilled" },
            ["partially_refunded"] = new() { ["cancel"] = "cancelled", ["refund"] = "partially_refunded", ["fulfil"] = "partially_fulfilled" },
            ["partially_fulfilled"] = new() { ["refund"] = "partially_fulfilled", ["fulfil"] = "fulfilled" },
            ["fulfilled"] = new() { ["refund"] = "fulfilled", ["ship"] = "shipped" },
            ["shipped"] = new() { ["refund"] = "shipped", ["deliver"] = "delivered" },
            ["delivered"] = new() { ["refund"] = "delivered" },
            ["refunded"] = new(),
            ["cancelled"] = new(),
        };
        var data = new TheoryData<string, string, string?>();
        foreach (var (state, allowed) in expected)
            foreach (var action in new[] { "capture", "void", "cancel", "refund", "fulfil", "ship", "deliver" })
                data.Add(state, action, allowed.GetValueOrDefault(action));
        return data;
    }

    [Theory]
    [MemberData(nameof(Transitions))]
    public async Task Every_state_against_every_action(string state, string action, string? expected)
    {
        var (id, sku) = await _orders.InStateAsync(state);
        var before = (await _orders.OrderAsync(id)).ToString();
        var entries = await app.QueryAsync(db => db.JournalEntries.CountAsync(e => e.OrderId == id));

        var response = await _orders.ActAsync(id, action, sku);
        if (expected is null)
        {
            var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict, "invalid_transition");
            Assert.Equal(state, problem.GetProperty("from").GetString());
            Assert.False(string.IsNullOrEmpty(problem.GetProperty("to").GetString()));
            Assert.Equal(before, (await _orders.OrderAsync(id)).ToString());
            Assert.Equal(entries, await app.QueryAsync(db => db.JournalEntries.CountAsync(e => e.OrderId == id)));
        }
        else
        {
            Assert.Equal(expected, (await response.JsonAsync()).GetProperty("status").GetString());
            var events = await (await (await _orders.StaffAsync()).GetAsync($"/admin/orders/{id}/events")).JsonAsync();
            var last = events[events.GetArrayLength() - 1];
            Assert.Equal((state, expected), (last.GetProperty("from").GetString(), last.GetProperty("to").GetString()));
        }
        await Invariants.AssertHoldAsync(app);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class OrderLifecycleTestsOnSqlite(SqliteApp app) : OrderLifecycleTests(app);

[Collection(PostgresCollection.Name)]
public sealed class OrderLifecycleTestsOnPostgres(PostgresApp app) : OrderLifecycleTests(app);
