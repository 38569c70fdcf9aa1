using EngineRoom.Analytics;
using EngineRoom.Common.Outbox;
using EngineRoom.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EngineRoom.Tests.Analytics;

/// <summary>
/// Counted-message markers go once their message cannot come back (dispatched before the keep window, or gone from
/// the outbox) and they are older than it; a marker of a message still waiting, or a recent one, stays.
/// </summary>
public abstract class MarkerPruningTests(EngineRoomApp app)
{
    [Fact]
    public async Task Old_markers_of_dispatched_messages_are_pruned_and_the_others_kept()
    {
        var now = app.Clock.GetUtcNow();
        var (old, recent) = (now.AddDays(-30), now.AddHours(-1)); // the default keeps 7 days
        var cases = new (string Name, DateTimeOffset CountedAt, bool InOutbox, DateTimeOffset? DispatchedAt, bool Kept)[]
        {
            ("old, dispatched long ago", old, true, old, false),
            ("old, its message gone from the outbox", old, false, null, false),
            ("old, its message still waiting (leased)", old, true, null, true),
            ("old, its message dispatched recently", old, true, recent, true),
            ("recent, dispatched", recent, true, recent, true),
        };
        var ids = cases.Select(_ => Guid.CreateVersion7(old)).ToArray();
        await app.QueryAsync(async db =>
        {
            for (var i = 0; i < cases.Length; i++)
            {
                db.Set<CountedMessage>().Add(new CountedMessage { MessageId = ids[i], CountedAt = cases[i].CountedAt });
                if (cases[i].InOutbox) // a type no handler takes, leased far ahead so no dispatcher touches it
                    db.OutboxMessages.Add(new OutboxMessage { Id = ids[i], Type = "test.marker", Payload = "{}", OccurredAt = old,
                        DispatchedAt = cases[i].DispatchedAt, ClaimedUntil = cases[i].DispatchedAt is null ? now.AddYears(1) : null });
            }
            return await db.SaveChangesAsync();
        });

        try
        {
            // Two instances' jobs at once: each deletes what may go, neither fails.
            var pruner = app.Services.GetRequiredService<PruneCountedMessages>();
            var pruned = await Task.WhenAll(pruner.PruneAsync(default), pruner.PruneAsync(default));
            Assert.True(pruned.Sum() >= 2);

            var left = await app.QueryAsync(db => db.Set<CountedMessage>().AsNoTracking().Where(c => ids.Contains(c.MessageId)).Select(c => c.MessageId).ToListAsync());
            for (var i = 0; i < cases.Length; i++) Assert.True(left.Contains(ids[i]) == cases[i].Kept, cases[i].Name);
        }
        finally // the leased message would hold up other tests' wait for an empty outbox
        {
            await app.QueryAsync(db => db.OutboxMessages.Where(m => ids.Contains(m.Id) && m.DispatchedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.DispatchedAt, now).SetProperty(m => m.ClaimedUntil, (DateTimeOffset?)null)));
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class MarkerPruningTestsOnSqlite(SqliteApp app) : MarkerPruningTests(app);

[Collection(PostgresCollection.Name)]
public sealed class MarkerPruningTestsOnPostgres(PostgresApp app) : MarkerPruningTests(app);
