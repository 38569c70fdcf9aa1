using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EngineRoom.Customers;
using EngineRoom.Customers.ApiKeys;
using EngineRoom.Data;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EngineRoom.Common.Idempotency;

/// <summary>
/// Stripe's Idempotency-Key semantics for a POST: the same key with the same body gets the same stored response
/// (byte for byte); the same key with another body gets 409 <c>idempotency_conflict</c>; a request arriving while the
/// first is still running gets 409 <c>idempotency_in_progress</c> with Retry-After. Keys are kept 24 hours. A 5xx or
/// a 400 is not stored, so the client may retry it; when the database is away at that moment the claim is released
/// later (<see cref="AbandonedClaims"/>).
/// <para>
/// A key belongs to the caller that made it: the scope is the signed-in account (or "anonymous") and then what the
/// endpoint names (a cart, a guest's email), hashed so no personal data sits in the key table. The filter runs after
/// authentication and authorization, and a replay is found only under the same caller, so another caller with the
/// same key and body runs the endpoint itself, whose ownership check answers 404. Stored answers are sealed
/// (<see cref="AnswerSeal"/>).
/// </para>
/// </summary>
public static class Idempotency
{
    public const string Header = "Idempotency-Key";
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);
    private const string ItemKey = "EngineRoom.IdempotencyKey";

    /// <summary>The caller's scope and key this request runs under, when it came with an Idempotency-Key.</summary>
    public static IdempotencyClaim? Current(HttpContext http) =>
        http.Items.TryGetValue(ItemKey, out var value) ? (IdempotencyClaim)value! : null;

    /// <param name="resource">What, besides the caller, the key is bound to (a cart, a guest's email; "" for nothing more).</param>
    /// <param name="claimedByHandler">
    /// The handler claims the key itself, as the first statement of its first transaction (<see cref="IdempotencyClaim.Claim"/>),
    /// instead of the filter claiming it in a commit of its own; an answer given before that is stored by one insert.
    /// Checkout does this (docs/decisions/0012): one commit fewer per order, and one per refusal.
    /// </param>
    public static RouteHandlerBuilder WithIdempotency(this RouteHandlerBuilder route, Func<EndpointFilterInvocationContext, string> resource,
        bool claimedByHandler = false) =>
        route.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (!http.Request.Headers.TryGetValue(Header, out var values)) return await next(context);
            var bodyType = http.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.RequestType;
            var body = context.Arguments.FirstOrDefault(a => a is not null && a.GetType() == bodyType);
            return await RunAsync(http, values.Count == 1 ? values[0] ?? "" : "", resource(context),
                http.Request.Method, http.Request.Path.Value, body, () => next(context).AsTask(), claimedByHandler);
        });

    /// <summary>
    /// Runs <paramref name="next"/> under an idempotency key: the filter above, callable by what is not an endpoint
    /// (GraphQL's mutations take the key as an argument). <paramref name="method"/> and <paramref name="path"/> name the
    /// operation in the request hash, so one key and body sent to REST and to GraphQL are one request. The answer is
    /// the stored response (first run or replay), or a problem when the key is refused.
    /// </summary>
    public static async Task<object?> RunAsync(HttpContext http, string key, string resource, string method, string? path, object? body,
        Func<Task<object?>> next, bool claimedByHandler = false)
    {
        if (!IsWellFormed(key))
            return Problems.Validation(Header, "The Idempotency-Key header must be one value of 1 to 255 printable ASCII characters, such as a UUID.");
        try { return await ClaimAndRunAsync(http, key, resource, method, path, body, next, claimedByHandler); }
        finally { http.Items.Remove(ItemKey); } // a GraphQL document may run a second mutation without a key
    }

    private static async Task<object?> ClaimAndRunAsync(HttpContext http, string key, string resource, string method, string? path, object? body,
        Func<Task<object?>> next, bool claimedByHandler)
    {
        var services = http.RequestServices;
        var db = services.GetRequiredService<EngineRoomDb>();
        var seal = services.GetRequiredService<AnswerSeal>();
        var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var record = new IdempotencyRecord
        {
            Scope = Scope(http, resource), Key = key, RequestHash = Hash(method, path, body, json), CreatedAt = now, ExpiresAt = now + Retention,
        };
        var claim = new IdempotencyClaim(record.Scope, key, seal) { Request = record };
        http.Items[ItemKey] = claim;
        var abandoned = services.GetRequiredService<AbandonedClaims>();
        await abandoned.ReleaseAsync(db); // first, so a retry whose earlier try failed while the database was away is not refused
        if (claimedByHandler) return await RunClaimedByHandlerAsync(http, db, claim, abandoned, seal, json, next);

        // Claim the key by inserting it. Only when it is taken do we look at the holder: an expired holder is deleted
        // (conditionally, so of two claimants only one deletes) and the claim is tried once more.
        var claimed = false;
        IdempotencyRecord? existing = null;
        for (var attempt = 0; attempt < 2 && !claimed; attempt++)
        {
            db.IdempotencyRecords.Add(record);
            try
            {
                await db.SaveChangesAsync(http.RequestAborted);
                claimed = true;
            }
            catch (Exception e) when (db.Provider == DatabaseProvider.Postgres && Transactions.IsUnavailable(e))
            {
                // A lost connection: the insert may have committed with its answer lost on the way back, and left alone
                // that claim would answer "in progress" for a day. Released once the database answers (nothing goes if
                // it never landed). SQLite has no connection to lose; its busy writer stays a claim taken (409 below).
                abandoned.Add(record.Scope, key, record.CreatedAt);
                throw;
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                existing = await db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.Scope == record.Scope && r.Key == key, http.RequestAborted);
                if (existing is null || existing.ExpiresAt > now) break;
                await db.IdempotencyRecords.Where(r => r.Scope == record.Scope && r.Key == key && r.ExpiresAt <= now).ExecuteDeleteAsync(http.RequestAborted);
            }
        }
        db.ChangeTracker.Clear();
        if (!claimed) return Answer(existing, record, seal, http);
        claim.State = ClaimState.Claimed;
        return await FinishAsync(http, db, claim, abandoned, await RunHandlerAsync(http, db, claim, abandoned, json, next));
    }

    /// <summary>The handler's answer, serialized; if it throws, a claim it may hold is released (a failed request's key is not spent).</summary>
    private static async Task<StoredResponse> RunHandlerAsync(HttpContext http, EngineRoomDb db, IdempotencyClaim claim, AbandonedClaims abandoned,
        JsonSerializerOptions json, Func<Task<object?>> next)
    {
        try { return Store(await next(), http, json); }
        catch
        {
            // A claim the handler made itself may have committed before the failure: released as any claim of a failed request.
            if (claim.State != ClaimState.Unclaimed) await ForgetOrDeferAsync(http, db, claim.Request!, abandoned);
            throw;
        }
    }

    /// <summary>The answer kept under the claimed key, or the key released for a retry.</summary>
    private static async Task<StoredResponse> FinishAsync(HttpContext http, EngineRoomDb db, IdempotencyClaim claim, AbandonedClaims abandoned, StoredResponse stored)
    {
        try
        {
            // As Stripe does: a request refused as malformed (400) did nothing, so its key is not spent, and a 5xx
            // may be retried. Every other answer is kept and replayed.
            if (stored.StatusCode is >= 500 or StatusCodes.Status400BadRequest) await ForgetOrDeferAsync(http, db, claim.Request!, abandoned);
            else if (claim.State != ClaimState.Stored) // the handler may have stored it with its own writes (PlaceOrder does)
                await claim.CompleteAsync(db, stored.StatusCode, stored.ContentType, stored.Location, stored.Body, CancellationToken.None);
            return stored;
        }
        catch
        {
            await ForgetOrDeferAsync(http, db, claim.Request!, abandoned);
            throw;
        }
    }

    /// <summary>
    /// The key is claimed by the handler in its first transaction. Until then nothing is written for the key: an answer
    /// given before the claim (a refusal: sold out, a code that does not apply) is stored by one insert, and whoever
    /// inserts first, this request or a concurrent one with the same key, is the key's answer; the other is answered
    /// from it (replayed, in progress, or a conflict), exactly as if it had lost the claim.
    /// </summary>
    private static async Task<object?> RunClaimedByHandlerAsync(HttpContext http, EngineRoomDb db, IdempotencyClaim claim, AbandonedClaims abandoned,
        AnswerSeal seal, JsonSerializerOptions json, Func<Task<object?>> next)
    {
        var record = claim.Request!;
        var stored = await RunHandlerAsync(http, db, claim, abandoned, json, next);
        switch (claim.State)
        {
            case ClaimState.Unclaimed when stored.StatusCode is >= 500 or StatusCodes.Status400BadRequest:
                return stored;
            case ClaimState.Unclaimed:
                if (await claim.InsertAnsweredAsync(db, stored.StatusCode, stored.ContentType, stored.Location, stored.Body, http.RequestAborted)) return stored;
                return Answer(await HolderAsync(db, record, http.RequestAborted), record, seal, http);
            case ClaimState.Taken:
                return Answer(await HolderAsync(db, record, http.RequestAborted), record, seal, http);
            default:
                return await FinishAsync(http, db, claim, abandoned, stored);
        }
    }

    private static Task<IdempotencyRecord?> HolderAsync(EngineRoomDb db, IdempotencyRecord record, CancellationToken ct) =>
        db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.Scope == record.Scope && r.Key == record.Key, ct);

    private static bool IsWellFormed(string key) =>
        key.Length is > 0 and <= 255 && !string.IsNullOrWhiteSpace(key) && key.All(c => c is >= ' ' and <= '~');

    private static string Scope(HttpContext http, string resource)
    {
        var caller = http.User.TryGetAccountId() is { } account ? $"account:{account:N}"
            : http.User.TryGetApiKeyId() is { } key ? $"api_key:{key:N}" : "anonymous";
        return resource.Length == 0 ? caller : $"{caller}|{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(resource)))}";
    }

    private static object Answer(IdempotencyRecord? existing, IdempotencyRecord attempt, AnswerSeal seal, HttpContext http)
    {
        if (existing is null) // it expired and was deleted between our insert and our read: let the client retry
            return InProgress(http);
        if (!existing.RequestHash.AsSpan().SequenceEqual(attempt.RequestHash))
            return Problems.Conflict("idempotency_conflict", "This Idempotency-Key was already used with a different request. Use a new key for a new request.");
        if (!existing.Completed) return InProgress(http);
        if (seal.Open(existing.Scope, existing.Key, existing.Body ?? []) is not { } body)
            return Problems.Conflict("idempotency_answer_unavailable",
                "The answer stored for this Idempotency-Key can no longer be read (the server's key changed). Look the order up instead of retrying.");
        http.Response.Headers["Idempotent-Replayed"] = "true";
        http.RequestServices.GetRequiredService<Telemetry.CommerceMetrics>().IdempotentReplay();
        return new StoredResponse(existing.StatusCode!.Value, existing.ContentType, existing.Location, body);
    }

    private static ProblemHttpResult InProgress(HttpContext http)
    {
        http.Response.Headers.RetryAfter = "1";
        return InProgress();
    }

    /// <summary>409 <c>idempotency_in_progress</c>: another request with the key has not answered yet.</summary>
    public static ProblemHttpResult InProgress() =>
        Problems.Conflict("idempotency_in_progress", "A request with this Idempotency-Key is still being processed. Retry shortly with the same key.");

    /// <summary>Releases a key still in progress; a stored answer is never forgotten: the work it reports was done.</summary>
    /// <remarks>
    /// Only the claim made at <paramref name="claimedAt"/> goes: released late, after the database came back, it must not
    /// take a newer retry's live claim with it, or a third try with the key could run alongside; and a request whose
    /// own claim lost to a concurrent one (a handler that claims the key itself) must not release the winner's.
    /// PostgreSQL keeps microseconds, hence the millisecond of slack; a retry comes far later than that.
    /// </remarks>
    internal static Task Forget(EngineRoomDb db, string scope, string key, DateTimeOffset claimedAt)
    {
        var (from, to) = (claimedAt.AddMilliseconds(-1), claimedAt.AddMilliseconds(1));
        return db.IdempotencyRecords.Where(r => r.Scope == scope && r.Key == key && !r.Completed && r.CreatedAt > from && r.CreatedAt < to)
            .ExecuteDeleteAsync(CancellationToken.None);
    }

    // The request's own context may be unusable after the failure that brought us here (a transaction broken by a lost
    // connection), so a failed release is tried once more on a fresh context before it is left for later.
    private static async Task ForgetOrDeferAsync(HttpContext http, EngineRoomDb db, IdempotencyRecord record, AbandonedClaims abandoned)
    {
        var scopes = http.RequestServices.GetRequiredService<IServiceScopeFactory>();
        try
        {
            await Forget(db, record.Scope, record.Key, record.CreatedAt);
            return;
        }
        catch (Exception) { }
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await Forget(scope.ServiceProvider.GetRequiredService<EngineRoomDb>(), record.Scope, record.Key, record.CreatedAt);
        }
        catch (Exception) { abandoned.Add(record.Scope, record.Key, record.CreatedAt); }
    }

    /// <summary>The method, the path and the bound body arguments, canonically serialized: whitespace does not change it.</summary>
    private static byte[] Hash(string method, string? path, object? body, JsonSerializerOptions json)
    {
        var canonical = JsonSerializer.SerializeToUtf8Bytes(new { Method = method, Path = path, Body = body }, json);
        return SHA256.HashData(canonical);
    }

    /// <summary>Serializes the handler's result once; the first answer and every replay are these same bytes.</summary>
    private static StoredResponse Store(object? result, HttpContext http, JsonSerializerOptions json)
    {
        while (result is INestedHttpResult nested) result = nested.Result; // Results<A, B> wraps the real one
        var status = (result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;
        var location = result?.GetType().GetProperty("Location")?.GetValue(result) as string; // Created<T>, CreatedAtRoute<T>
        if (result is ProblemHttpResult problem)
        {
            problem.ProblemDetails.Extensions.TryAdd("code", Problems.DefaultCode(status));
            problem.ProblemDetails.Extensions["traceId"] = Activity.Current?.Id ?? http.TraceIdentifier;
            return new StoredResponse(status, "application/problem+json", location, JsonSerializer.SerializeToUtf8Bytes(problem.ProblemDetails, json));
        }
        var value = (result as IValueHttpResult)?.Value;
        return new StoredResponse(status, value is null ? null : "application/json", location,
            value is null ? [] : JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), json));
    }

    internal sealed record StoredResponse(int StatusCode, string? ContentType, string? Location, byte[] Body) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = StatusCode;
            if (Location is not null) http.Response.Headers.Location = Location;
            if (ContentType is not null) http.Response.ContentType = ContentType;
            if (Body.Length > 0) await http.Response.Body.WriteAsync(Body);
        }
    }
}

/// <summary>Where a request's key stands: not yet claimed (a handler that claims it itself), claimed, its answer stored, or held by another request.</summary>
public enum ClaimState { Unclaimed, Claiming, Claimed, Stored, Taken }

/// <summary>The Idempotency-Key a request holds, and where it stands (<see cref="State"/>).</summary>
public sealed record IdempotencyClaim(string Scope, string Key, AnswerSeal Seal)
{
    public ClaimState State { get; set; }

    /// <summary>The request's record (its hash and times), for a handler that claims the key itself.</summary>
    internal IdempotencyRecord? Request { get; init; }

    /// <summary>
    /// The key claimed as one statement of the handler's first transaction, which should put it first (a concurrent
    /// request with the same key then waits there, holding nothing else). A holder whose 24 hours are over is replaced.
    /// After the transaction, the handler calls <see cref="KeyClaim.Settle"/> with whether it committed.
    /// </summary>
    public KeyClaim Claim(SqlBatch batch)
    {
        State = ClaimState.Claiming;
        return new KeyClaim(this, Insert(batch, Request!, completed: false, null, null, null, null));
    }

    /// <summary>The answer given before any claim, stored by one insert; false when another request holds the key.</summary>
    internal async Task<bool> InsertAnsweredAsync(EngineRoomDb db, int statusCode, string? contentType, string? location, byte[] body, CancellationToken ct)
    {
        var batch = new SqlBatch(db);
        var inserted = Insert(batch, Request!, completed: true, statusCode, contentType, location, Seal.Seal(Scope, Key, body));
        await batch.ExecuteAsync(ct);
        if (inserted.RowsAffected == 1) State = ClaimState.Stored;
        return State == ClaimState.Stored;
    }

    private static SqlBatch.Statement Insert(SqlBatch batch, IdempotencyRecord r, bool completed, int? statusCode, string? contentType, string? location, byte[]? body) =>
        batch.Add("""
            INSERT INTO common_idempotency_keys ("Scope", "Key", "RequestHash", "Completed", "StatusCode", "ContentType", "Location", "Body", "CreatedAt", "ExpiresAt")
            VALUES ({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9})
            ON CONFLICT ("Scope", "Key") DO UPDATE SET "RequestHash" = excluded."RequestHash", "Completed" = excluded."Completed",
                "StatusCode" = excluded."StatusCode", "ContentType" = excluded."ContentType", "Location" = excluded."Location", "Body" = excluded."Body",
                "CreatedAt" = excluded."CreatedAt", "ExpiresAt" = excluded."ExpiresAt"
            WHERE common_idempotency_keys."ExpiresAt" <= {8}
            """, r.Scope, r.Key, r.RequestHash, completed, statusCode, contentType, location, body, r.CreatedAt, r.ExpiresAt);

    /// <summary>The claim's statement in the handler's batch: <see cref="Taken"/> when another request holds the key.</summary>
    public sealed class KeyClaim(IdempotencyClaim claim, SqlBatch.Statement insert)
    {
        public bool Taken => insert.RowsAffected != 1;

        /// <summary>After the transaction: claimed if it committed; held by another if that is why it did not; else not claimed.</summary>
        public void Settle(bool committed) =>
            claim.State = committed ? ClaimState.Claimed : Taken ? ClaimState.Taken : ClaimState.Unclaimed;
    }

    /// <summary>
    /// Stores the answer of this key, still in progress, sealed, as one statement of the handler's batch, committed with
    /// its work (the handler then marks the claim <see cref="ClaimState.Stored"/>), so a crash between its commit and the
    /// answer reaching the client cannot leave the key in progress: the retry replays.
    /// </summary>
    public void Complete(SqlBatch batch, int statusCode, string? contentType, string? location, byte[] body) =>
        batch.Add("""
            UPDATE common_idempotency_keys SET "Completed" = {2}, "StatusCode" = {3}, "ContentType" = {4}, "Location" = {5}, "Body" = {6}
            WHERE "Scope" = {0} AND "Key" = {1} AND NOT "Completed"
            """, Scope, Key, true, statusCode, contentType, location, Seal.Seal(Scope, Key, body));

    /// <summary>
    /// Replaces a stored <paramref name="replacing"/> answer (a checkout's 202 while it waits on the customer) with the
    /// final one, as one statement of the batch that records it. Nothing happens once another answer replaced it.
    /// </summary>
    public void Replace(SqlBatch batch, int replacing, int statusCode, string? contentType, string? location, byte[] body) =>
        batch.Add("""
            UPDATE common_idempotency_keys SET "StatusCode" = {3}, "ContentType" = {4}, "Location" = {5}, "Body" = {6}
            WHERE "Scope" = {0} AND "Key" = {1} AND "Completed" AND "StatusCode" = {2}
            """, Scope, Key, replacing, statusCode, contentType, location, Seal.Seal(Scope, Key, body));

    public Task<int> ReplaceAsync(EngineRoomDb db, int replacing, int statusCode, string? contentType, byte[] body, CancellationToken ct)
    {
        var sealedBody = Seal.Seal(Scope, Key, body);
        return db.IdempotencyRecords.Where(r => r.Scope == Scope && r.Key == Key && r.Completed && r.StatusCode == replacing).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.StatusCode, statusCode).SetProperty(r => r.ContentType, contentType)
            .SetProperty(r => r.Location, (string?)null).SetProperty(r => r.Body, sealedBody), ct);
    }

    public Task<int> CompleteAsync(EngineRoomDb db, int statusCode, string? contentType, string? location, byte[] body, CancellationToken ct)
    {
        var sealedBody = Seal.Seal(Scope, Key, body);
        return db.IdempotencyRecords.Where(r => r.Scope == Scope && r.Key == Key && !r.Completed).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Completed, true).SetProperty(r => r.StatusCode, statusCode)
            .SetProperty(r => r.ContentType, contentType).SetProperty(r => r.Location, location)
            .SetProperty(r => r.Body, sealedBody), ct);
    }
}
