using System.Collections.Concurrent;
using System.Security.Claims;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EngineRoom.Customers.Tokens;

/// <summary>
/// Whether a signature-valid access token still speaks for its account: its <c>stamp</c> must be the account's current
/// security stamp and its <c>sid</c> (the refresh-token family) must not be ended. Answered from memory on this
/// instance: a miss reads that one account's stamp; <see cref="PollAsync"/> (every <c>Auth:RevocationPollMilliseconds</c>)
/// brings in what other instances changed. Changes made here are applied here at once. docs/decisions/0008.
/// </summary>
internal sealed class SessionValidity(IServiceScopeFactory scopes, TimeProvider clock, IOptions<AuthOptions> options,
    ILogger<SessionValidity> logger)
{
    public enum Verdict { Valid, Ended, Unverifiable }

    /// <summary>Tags the poll's SQL (a comment), so statement counts of a request can leave out the background poll.</summary>
    public const string PollTag = "SessionValidity poll";

    // Re-read this much before the last poll: a change is stamped with its writer's clock before its commit, so it can
    // become visible after a poll that started later; and the instances' clocks differ a little.
    private static readonly TimeSpan Overlap = TimeSpan.FromSeconds(10);
    private const int MaxAccounts = 100_000;
    private static readonly long IdleMilliseconds = (long)TimeSpan.FromMinutes(5).TotalMilliseconds;

    private sealed class Entry(string stamp, long loadedAt)
    {
        public string Stamp { get; } = stamp;
        public long LoadedAt { get; } = loadedAt;
        public long LastSeen = loadedAt;
    }

    private readonly ConcurrentDictionary<Guid, Entry> _stamps = new();
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _ended = new(); // sid -> when this instance learned it
    private readonly SemaphoreSlim _polling = new(1, 1);
    private DateTimeOffset? _polledFrom;
    private long _freshUntil = long.MinValue; // Environment.TickCount64; the cache is trusted until then

    private AuthOptions Auth => options.Value;

    public async ValueTask<Verdict> CheckAsync(ClaimsPrincipal token, IServiceProvider requestServices, CancellationToken ct)
    {
        if (!Guid.TryParse(token.FindFirst("sub")?.Value, out var accountId) || !Guid.TryParse(token.FindFirst("sid")?.Value, out var sid)
            || token.FindFirst("stamp")?.Value is not { } stamp)
            return Verdict.Ended; // minted before stamps existed: one sign-in (or refresh) away from a good one
        if (Environment.TickCount64 > Volatile.Read(ref _freshUntil) && !await TryPollAsync(onlyIfStale: true, ct)) return Verdict.Unverifiable;
        if (_ended.ContainsKey(sid)) return Verdict.Ended;

        var now = Environment.TickCount64;
        if (_stamps.TryGetValue(accountId, out var entry))
        {
            entry.LastSeen = now;
            if (entry.Stamp == stamp) return Verdict.Valid;
            // Another instance may have changed the stamp (and signed this token) since we read it: read again, but at
            // most once a poll interval, so a dead token replayed in a loop cannot cost a query per request.
            if (now - entry.LoadedAt < Auth.RevocationPollMilliseconds) return Verdict.Ended;
        }
        string? current;
        try
        {
            var db = requestServices.GetRequiredService<EngineRoomDb>();
            current = await db.Accounts.AsNoTracking().Where(a => a.Id == accountId).Select(a => a.SecurityStamp).SingleOrDefaultAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not read an account's security stamp");
            return Verdict.Unverifiable;
        }
        if (current is null) { _stamps.TryRemove(accountId, out _); return Verdict.Ended; }
        if (_stamps.Count < MaxAccounts || _stamps.ContainsKey(accountId)) _stamps[accountId] = new Entry(current, now);
        return current == stamp ? Verdict.Valid : Verdict.Ended;
    }

    /// <summary>This instance changed the account's stamp (committed): apply it before the next request.</summary>
    public void AccountChanged(Guid accountId, string stamp) => _stamps[accountId] = new Entry(stamp, Environment.TickCount64);

    /// <summary>This instance ended a session (committed).</summary>
    public void SessionEnded(Guid sid) => _ended[sid] = clock.GetUtcNow();

    /// <summary>One poll; false (and logged) when the database could not be read.</summary>
    public async Task<bool> TryPollAsync(bool onlyIfStale, CancellationToken ct)
    {
        var started = Environment.TickCount64;
        await _polling.WaitAsync(ct);
        try
        {
            if (onlyIfStale && Environment.TickCount64 <= Volatile.Read(ref _freshUntil)) return true; // another caller just polled
            await PollAsync(ct);
            Volatile.Write(ref _freshUntil, started + Auth.RevocationMaxStaleMilliseconds);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not refresh revoked sessions; bearer tokens are refused once the cache is {Ms} ms old", Auth.RevocationMaxStaleMilliseconds);
            return false;
        }
        finally { _polling.Release(); }
    }

    // Two indexed range reads. The first poll reads the sessions ended within an access token's lifetime.
    private async Task PollAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var tokenLifetime = TimeSpan.FromMinutes(Auth.AccessTokenMinutes) + AuthOptions.ClockSkew + Overlap;
        var since = _polledFrom is { } last ? last - Overlap : now - tokenLifetime;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EngineRoomDb>();
            var ended = await db.RefreshTokens.AsNoTracking().TagWith(PollTag).Where(t => t.RevokedAt > since).Select(t => t.FamilyId).Distinct().ToListAsync(ct);
            var changed = await db.Accounts.AsNoTracking().TagWith(PollTag).Where(a => a.SecurityStampChangedAt > since)
                .Select(a => new { a.Id, a.SecurityStamp }).ToListAsync(ct);
            foreach (var sid in ended) _ended.TryAdd(sid, now);
            foreach (var account in changed)
                if (_stamps.TryGetValue(account.Id, out var entry) && entry.Stamp != account.SecurityStamp)
                    _stamps[account.Id] = new Entry(account.SecurityStamp, Environment.TickCount64);
        }
        _polledFrom = now;

        // Forget what no longer matters: an ended session once all its access tokens have expired, an account not seen
        // for a while (a later request just reads its stamp again).
        foreach (var (sid, learned) in _ended)
            if (now - learned > tokenLifetime) _ended.TryRemove(sid, out _);
        var tick = Environment.TickCount64;
        foreach (var (id, entry) in _stamps)
            if (tick - entry.LastSeen > IdleMilliseconds) _stamps.TryRemove(id, out _);
    }
}

/// <summary>Polls on every instance, in real time (not the injected clock: tests must not have to move time for it).</summary>
internal sealed class SessionValidityPoller(SessionValidity sessions, IOptions<AuthOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Max(10, options.Value.RevocationPollMilliseconds)));
        do { await sessions.TryPollAsync(onlyIfStale: false, stoppingToken); } // failures are logged inside
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
