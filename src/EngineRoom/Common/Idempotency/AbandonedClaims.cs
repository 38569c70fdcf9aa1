using System.Collections.Concurrent;
using EngineRoom.Data;

namespace EngineRoom.Common.Idempotency;

/// <summary>
/// Keys whose request ended without an answer to store (a 5xx) while the database was out of reach, so their claim
/// could not be released then. Left in place, the client's retry would be told "in progress" until the key expires,
/// a day later. Every keyed request first releases these, once the database answers again. Kept in memory: if this
/// instance dies in that window, the key stays in progress (a checkout's is released by <c>CheckoutRecovery</c>).
/// </summary>
internal sealed class AbandonedClaims
{
    private const int Limit = 100_000;
    private readonly ConcurrentDictionary<(string Scope, string Key, DateTimeOffset ClaimedAt), byte> _pending = new();

    public void Add(string scope, string key, DateTimeOffset claimedAt)
    {
        if (_pending.Count < Limit) _pending.TryAdd((scope, key, claimedAt), 0);
    }

    public async Task ReleaseAsync(EngineRoomDb db)
    {
        if (_pending.IsEmpty) return;
        foreach (var claim in _pending.Keys)
        {
            if (!_pending.TryRemove(claim, out _)) continue; // another request has it
            try { await Idempotency.Forget(db, claim.Scope, claim.Key, claim.ClaimedAt); }
            catch (Exception e) when (Transactions.IsUnavailable(e))
            {
                _pending.TryAdd(claim, 0); // still away: a later request tries again
                return;
            }
        }
    }
}
