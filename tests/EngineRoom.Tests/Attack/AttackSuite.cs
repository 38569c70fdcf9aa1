using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using EngineRoom.Customers.ApiKeys;
using EngineRoom.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace EngineRoom.Tests.Attack;

/// <summary>
/// Every operation of the served OpenAPI document, attacked without a case written for it: fuzzed parameters and
/// bodies, card numbers in every string field, a UTF-16 body, every caller class, and a look at the log afterwards.
/// A new endpoint is covered by being in the document. The steps run in order (see <see cref="StepOrderer"/>).
/// </summary>
[TestCaseOrderer("EngineRoom.Tests.Attack.StepOrderer", "EngineRoom.Tests")]
public abstract class AttackSuite(EngineRoomApp app, LogRecorder log, Secrets secrets, ITestOutputHelper output)
{
    public static readonly string[] Canaries = ["4242424242424242", "4242 4242 4242 4242", "4242-4242-4242-4242", "４２４２４２４２４２４２４２４２"];
    private const string CanaryDigits = "4242424242424242";

    // Tables a refused request may legitimately write, each with its reason. A 4xx that writes anything else (an audit
    // row, an outbox message, an order...) is a finding, not an exclusion.
    private static readonly (string Table, Func<Operation, int, bool> When, string Reason)[] WritesOnRefusal =
    [
        ("customers_login_throttles", (op, status) => op.ToString() == "POST /auth/token" && status == 401,
            "a refused sign-in counts the failure: that count is the lockout (Customers/LoginThrottle.cs)"),
        ("common_idempotency_keys", (op, status) => op.Method == "POST" && status is > 400 and < 500,
            "the answer to a POST with an Idempotency-Key is kept so that a retry with the key replays it, refusals included (docs/checkout.md); a 400 is not kept"),
        ("checkout_attempts", (op, status) => status == 402, "a declined payment is an attempt that ran; its attempt row is the record of it"),
        ("inventory_reservations", (op, status) => status == 402,
            "a declined payment releases the stock it held; the released reservation stays as its record (the invariants check nothing is still held)"),
        ("pricing_discount_redemptions", (op, status) => status == 402,
            "a declined payment releases the discount use it held; the released redemption stays as its record (DiscountClaims.cs)"),
    ];

    private static HashSet<string> Excluded(Operation op, int status) =>
        WritesOnRefusal.Where(w => w.When(op, status)).Select(w => w.Table).ToHashSet();

    [Fact, Step(1)]
    public async Task Fuzzed_parameters_and_bodies_never_get_a_5xx_and_a_refusal_changes_nothing()
    {
        var (operations, document) = await Operations.ReadAsync(app);
        var world = await World.CreateAsync(app, secrets);
        var bodies = new Bodies(document, world);
        var tables = await DbScan.TablesAsync(app);
        var findings = new ConcurrentBag<string>();
        var total = 0;
        var timings = new List<(string, double, int)>();
        foreach (var op in Ordered(operations))
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var client = world.Clients[FuzzCaller(op)];
            var sample = op.Body is { } schema ? bodies.Sample(op, schema) : null;
            var cases = FuzzCases(op, world, bodies, sample).ToList();
            total += cases.Count;
            if (!op.IsRead) await CheckInvariantsAsync(op, "before its fuzz", findings); // a read is held to unchanged counts instead
            var before = await DbScan.CountsAsync(app, tables);
            if (op.IsRead)
            {
                await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (c, _) =>
                {
                    var answer = await Probe.SendAsync(client, op.Method, c.Path, c.Body);
                    if (answer.Problem() is { } problem) findings.Add($"{op}: {Probe.Describe(op.Method, c.Path, c.Body)} {problem}");
                });
                if (DbScan.Diff(before, await DbScan.CountsAsync(app, tables), new HashSet<string>()) is { Length: > 0 } diff)
                    findings.Add($"{op}: reading changed rows: {diff}");
            }
            else
                foreach (var c in cases)
                {
                    var answer = await Probe.SendAsync(client, op.Method, c.Path, c.Body);
                    if (answer.Problem() is { } problem) findings.Add($"{op}: {Probe.Describe(op.Method, c.Path, c.Body)} {problem}");
                    var after = await DbScan.CountsAsync(app, tables);
                    if (answer.Status >= 400 && DbScan.Diff(before, after, Excluded(op, answer.Status)) is { Length: > 0 } diff)
                        findings.Add($"{op}: {Probe.Describe(op.Method, c.Path, c.Body)} answered {answer.Status} ({answer.Code()}) but changed rows: {diff}");
                    before = after;
                }
            if (!op.IsRead) await CheckInvariantsAsync(op, "after its fuzz", findings);
            timings.Add((op.ToString(), clock.Elapsed.TotalSeconds, cases.Count));
        }
        foreach (var (name, seconds, count) in timings.OrderByDescending(t => t.Item2).Take(5)) output.WriteLine($"  {name}: {count} cases, {seconds:F1} s");
        output.WriteLine($"{app.Provider}: fuzzed {operations.Count} operations with {total} requests; {findings.Count} findings.");
        Assert.True(findings.IsEmpty, $"{findings.Count} fuzz findings:\n" + string.Join("\n", findings.Order()));
    }

    [Fact, Step(2)]
    public async Task A_card_number_in_any_string_field_is_refused_and_never_stored()
    {
        var (operations, document) = await Operations.ReadAsync(app);
        var world = await World.CreateAsync(app, secrets);
        var bodies = new Bodies(document, world);
        foreach (var canary in Canaries) secrets.Add("card number canary", canary);
        var findings = new ConcurrentBag<string>();
        var failedOperations = new ConcurrentDictionary<string, byte>();
        var cases = 0;
        foreach (var op in Ordered(operations).Where(o => o.Body is not null))
        {
            var sample = bodies.Sample(op, op.Body!.Value);
            foreach (var field in bodies.Fields(op.Body.Value, sample).Where(f => f.Types.Contains("string") && !f.Types.Contains("integer")))
                foreach (var canary in Canaries)
                {
                    cases++;
                    var body = Bodies.With(sample, field, JsonSerializer.Serialize(canary));
                    var answer = await Probe.SendAsync(world.Clients[FuzzCaller(op)], op.Method, world.PathFor(op), body);
                    if (answer.Status == 400 && answer.Code() == "card_data_refused") continue;
                    failedOperations.TryAdd(op.ToString(), 0);
                    findings.Add($"{op}: '{field.Path}' = \"{canary}\" answered {answer.Status} ({answer.Code()}), not 400 card_data_refused");
                }
        }
        var stored = await DbScan.FindDigitsAsync(app, await DbScan.TablesAsync(app), CanaryDigits);
        foreach (var column in stored) findings.Add($"the card number is stored in {column}");
        output.WriteLine($"{app.Provider}: {cases} card-number cases; operations that did not refuse one: {failedOperations.Count}\n  " +
                         string.Join("\n  ", failedOperations.Keys.Order()));
        Assert.True(findings.IsEmpty, $"{findings.Count} card-data findings:\n" + string.Join("\n", findings.Order()));
    }

    [Fact, Step(3)]
    public async Task A_utf16_body_is_never_accepted()
    {
        var (operations, document) = await Operations.ReadAsync(app);
        var world = await World.CreateAsync(app, secrets);
        var bodies = new Bodies(document, world);
        var findings = new List<string>();
        var withBody = Ordered(operations).Where(o => o.Body is not null).ToList();
        foreach (var op in withBody)
        {
            var body = Bodies.Text(bodies.Sample(op, op.Body!.Value));
            var answer = await Probe.SendAsync(world.Clients[FuzzCaller(op)], op.Method, world.PathFor(op), body, "application/json; charset=utf-16", Encoding.Unicode);
            if (answer.Status is not (400 or 415) || answer.Problem() is not null)
                findings.Add($"{op}: a UTF-16 body answered {answer.Status} ({answer.Code()}), not 415 or 400");
        }
        output.WriteLine($"{app.Provider}: {withBody.Count} UTF-16 cases, {findings.Count} accepted or mis-answered.");
        Assert.True(findings.Count == 0, $"{findings.Count} UTF-16 findings:\n" + string.Join("\n", findings));
    }

    [Fact, Step(4)]
    public async Task Every_caller_class_gets_what_the_operation_s_authorization_says()
    {
        var (operations, document) = await Operations.ReadAsync(app);
        var world = await World.CreateAsync(app, secrets);
        var bodies = new Bodies(document, world);
        var findings = new List<string>();
        var cases = 0;
        foreach (var op in Ordered(operations))
        {
            var path = world.PathFor(op);
            var owned = world.OwnedByA(op);
            foreach (var caller in new[] { Caller.Anonymous, Caller.CustomerB, Caller.Staff, Caller.Admin, Caller.CustomerA })
            {
                cases++;
                var body = op.Body is { } schema ? Bodies.Text(bodies.Sample(op, schema)) : null;
                var answer = await Probe.SendAsync(world.Clients[caller], op.Method, path, body);
                if (CallerProblem(op, caller, owned, answer) is { } problem) findings.Add($"{op} as {caller}: {problem}");
                var stranger = caller is Caller.Anonymous or Caller.CustomerB || (caller != Caller.CustomerA && !op.Path.StartsWith("/admin/", StringComparison.Ordinal));
                if (stranger && ShowsA(answer)) findings.Add($"{op} as {caller}: answered {answer.Status} with customer A's email or order id: {Answer.Cut(answer.Body)}");
            }
            foreach (var key in world.Keys)
            {
                cases++;
                var body = op.Body is { } schema ? Bodies.Text(bodies.Sample(op, schema)) : null;
                var answer = await Probe.SendAsync(key.Client, op.Method, path, body);
                if (KeyProblem(op, key, answer) is { } problem) findings.Add($"{op} as {key}: {problem}");
                if (!key.Names(op) && ShowsA(answer)) findings.Add($"{op} as {key}: answered {answer.Status} with customer A's email or order id: {Answer.Cut(answer.Body)}");
            }

            bool ShowsA(Answer answer)
            {
                var visible = answer.Body.Replace(path, "", StringComparison.Ordinal);
                return visible.Contains(world.EmailA, StringComparison.OrdinalIgnoreCase) || visible.Contains(world.OrderA.ToString(), StringComparison.OrdinalIgnoreCase)
                       || visible.Contains(world.ReturnedOrderA.ToString(), StringComparison.OrdinalIgnoreCase);
            }
        }
        output.WriteLine($"{app.Provider}: {operations.Count} operations x (5 callers + {world.Keys.Count} API keys) = {cases} caller cases; {findings.Count} findings.");
        Assert.True(findings.Count == 0, $"{findings.Count} authorization findings:\n" + string.Join("\n", findings));
    }

    [Fact, Step(5)]
    public void Nothing_secret_reaches_the_log()
    {
        foreach (var canary in Canaries) secrets.Add("card number canary", canary);
        secrets.Add("signing key", app.Services.GetRequiredService<IConfiguration>()["Auth:SigningKey"]);
        var lines = log.Lines.ToArray();
        var hits = secrets.All.SelectMany(secret => lines.Where(l => l.Contains(secret.Key, StringComparison.Ordinal))
            .Take(3).Select(l => $"{secret.Value} is in the log: {Answer.Cut(l.Replace(secret.Key, "<" + secret.Value + ">", StringComparison.Ordinal), 400)}")).ToList();
        output.WriteLine($"{app.Provider}: {lines.Length} log lines scanned for {secrets.All.Count} secrets; {hits.Count} hits.");
        Assert.True(lines.Any(l => l.Contains("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) && l.StartsWith("Debug", StringComparison.Ordinal)),
            "The log recorder saw no Debug line from EF Core: the canary would prove nothing.");
        Assert.True(hits.Count == 0, string.Join("\n", hits));
    }

    /// <summary>
    /// What an API key must get: in, when its scopes name the operation (its area's write scope, or for a read the read
    /// scope); otherwise 403, <c>insufficient_scope</c> on an area that takes keys and <c>api_key_not_allowed</c> anywhere else.
    /// </summary>
    private static string? KeyProblem(Operation op, KeyCaller key, Answer answer)
    {
        if (answer.Problem() is { } problem) return problem;
        if (key.Names(op))
            return answer.Status is 401 or 403 ? $"answered {answer.Status} ({answer.Code()}), though its scopes name {op.KeyArea} for a {(op.IsRead ? "read" : "write")}" : null;
        var expected = op.KeyArea is null ? "api_key_not_allowed" : "insufficient_scope";
        return (answer.Status == 403 && answer.Code() == expected) || answer.Status == 429 ? null
            : $"answered {answer.Status} ({answer.Code()}), expected 403 {expected} ({(op.KeyArea is { } area ? $"needs {(op.IsRead ? ApiScopes.Read(area) : ApiScopes.Write(area))}" : "not open to API keys")})";
    }

    /// <summary>What the caller class must get from the operation, from its declared authorization and whose resource it is.</summary>
    private static string? CallerProblem(Operation op, Caller caller, bool ownedByA, Answer answer)
    {
        if (answer.Problem() is { } problem) return problem;
        int? refused = (op.Access, caller) switch
        {
            (not Access.Anonymous, Caller.Anonymous) => 401,
            (Access.Staff or Access.Admin, Caller.CustomerA or Caller.CustomerB) => 403,
            (Access.Admin, Caller.Staff) => 403,
            _ => null,
        };
        if (refused is { } expected)
            return answer.Status == expected || answer.Status == 429 ? null : $"answered {answer.Status}, expected {expected} ({op.Access} only)";
        if (op.Access is not Access.Anonymous && answer.Status is 401 or 403) return $"answered {answer.Status} to an account the endpoint lets in";
        if (!ownedByA) return null;
        if (caller == Caller.CustomerA)
            return op.IsRead && answer.Status != 200 ? $"the owner's read answered {answer.Status}: the world's ids are not real, so the others' 404 proves nothing" : null;
        // Not the owner: the resource does not exist for them. A shape refusal (400) comes before any look-up and confirms nothing.
        return answer.Status is 404 or 429 || (answer.Status == 401 && caller == Caller.Anonymous)
               || (answer.Status == 400 && answer.Code() is "validation_failed" or "malformed_json")
            ? null : $"answered {answer.Status} ({answer.Code()}) for customer A's resource, expected 404";
    }

    private static Caller FuzzCaller(Operation op) =>
        op.Path.StartsWith("/admin/", StringComparison.Ordinal) ? Caller.Admin
        : op.Path.StartsWith("/auth/", StringComparison.Ordinal) ? Caller.Anonymous
        : Caller.CustomerA;

    // Reads first, destructive operations last, so the world's ids stay real for as long as possible.
    private static IEnumerable<Operation> Ordered(IEnumerable<Operation> operations) =>
        operations.OrderBy(o => o.Method switch { "GET" => 0, "DELETE" => 2, _ => 1 }).ThenBy(o => o.Path, StringComparer.Ordinal);

    private sealed record Case(string Path, string? Body);

    private static IEnumerable<Case> FuzzCases(Operation op, World world, Bodies bodies, System.Text.Json.Nodes.JsonNode? sample)
    {
        var baseBody = op.Body is null ? null : Bodies.Text(sample);
        var path = world.PathFor(op);
        foreach (var parameter in op.Parameters.Where(p => p.In == "path"))
            foreach (var value in Edges.PathValues)
                yield return new Case(world.PathFor(op, name => name == parameter.Name ? value : world.PathValue(op, name).Value), baseBody);
        foreach (var parameter in op.Parameters.Where(p => p.In == "query"))
            foreach (var value in Edges.QueryValues)
                yield return new Case($"{path}?{parameter.Name}={Uri.EscapeDataString(value)}", baseBody);
        if (op.Body is not { } schema) yield break;
        foreach (var field in bodies.Fields(schema, sample))
        {
            var item = field.Types.Contains("array") ? Item(sample, field) : null;
            foreach (var raw in Edges.For(field.Types, field.DateTime, item)) yield return new Case(path, Bodies.With(sample, field, raw));
        }
        foreach (var whole in Edges.WholeBodies) yield return new Case(path, whole);
    }

    private static System.Text.Json.Nodes.JsonNode? Item(System.Text.Json.Nodes.JsonNode? sample, Field field)
    {
        var node = sample;
        foreach (var step in field.Steps) node = step is string name ? node?[name] : node?[(int)step];
        return node is System.Text.Json.Nodes.JsonArray { Count: > 0 } array ? array[0] : null;
    }

    private async Task CheckInvariantsAsync(Operation op, string when, ConcurrentBag<string> findings)
    {
        try { await Invariants.AssertHoldAsync(app); }
        catch (Exception e) when (e is Xunit.Sdk.XunitException) { findings.Add($"{op}: invariants broken {when}: {e.Message}"); }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteAttackSuite(SqliteAttackApp app, ITestOutputHelper output)
    : AttackSuite(app, app.Log, app.Secrets, output), IClassFixture<SqliteAttackApp>;

[Collection(PostgresCollection.Name)]
public sealed class PostgresAttackSuite(PostgresAttackApp app, ITestOutputHelper output)
    : AttackSuite(app, app.Log, app.Secrets, output), IClassFixture<PostgresAttackApp>;
