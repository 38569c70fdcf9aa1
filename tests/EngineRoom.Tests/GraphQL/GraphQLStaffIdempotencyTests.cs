using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EngineRoom.Tests.Infrastructure;

namespace EngineRoom.Tests.GraphQL;

/// <summary>A staff action's Idempotency-Key hashes its input as REST does: one key and input sent to both APIs replays, another input is a conflict.</summary>
public abstract class GraphQLStaffIdempotencyTests(EngineRoomApp app)
{
    private const string Cancel = "mutation($id: String!, $key: String, $reason: String) { cancelOrder(id: $id, idempotencyKey: $key, reason: $reason) { order { status } userErrors { code } } }";

    private async Task<string> PaidOrderAsync()
    {
        var sku = await TestCatalog.CreateSkuAsync(app);
        var body = new { lines = new[] { new { sku, quantity = 1 } }, email = "staff-key@example.com", paymentToken = "tok_visa" };
        return (await (await app.CreateClient().PostAsJsonAsync("/store/orders", body)).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
    }

    private static Task<HttpResponseMessage> CancelAsync(HttpClient staff, string id, string key, object? body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/admin/orders/{id}/cancel") { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return staff.SendAsync(request);
    }

    private static JsonElement Payload(JsonElement answer) => answer.Data("cancelOrder");

    [Fact]
    public async Task A_rest_cancel_is_replayed_to_graphql_with_the_same_key_and_input_and_refused_with_another()
    {
        var staff = await app.StaffClientAsync();
        var id = await PaidOrderAsync();
        var key = Guid.NewGuid().ToString();
        await (await CancelAsync(staff, id, key, new { reason = "customer asked" })).JsonAsync();

        var replay = Payload(await staff.GraphQLAsync(Cancel, new { id, key, reason = "customer asked" }));
        Assert.Equal("cancelled", replay.GetProperty("order").GetProperty("status").GetString()); // a second cancel would be refused: this is the first's answer
        Assert.Empty(replay.GetProperty("userErrors").EnumerateArray());
        var other = Payload(await staff.GraphQLAsync(Cancel, new { id, key, reason = "something else" }));
        Assert.Equal("IDEMPOTENCY_CONFLICT", other.GetProperty("userErrors")[0].GetProperty("code").GetString());
        Assert.Equal("IDEMPOTENCY_CONFLICT", Payload(await staff.GraphQLAsync(Cancel, new { id, key })).GetProperty("userErrors")[0].GetProperty("code").GetString());
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task A_graphql_cancel_is_replayed_to_rest_with_the_same_key_and_input_and_refused_with_another()
    {
        var staff = await app.StaffClientAsync();
        foreach (var (reason, body) in new (string?, object?)[] { (null, null), ("damaged", new { reason = "damaged" }) })
        {
            var id = await PaidOrderAsync();
            var key = Guid.NewGuid().ToString();
            Assert.Equal("cancelled", Payload(await staff.GraphQLAsync(Cancel, new { id, key, reason })).GetProperty("order").GetProperty("status").GetString());

            var replay = await CancelAsync(staff, id, key, body); // no argument given is a REST call without a body
            Assert.Equal("cancelled", (await replay.JsonAsync()).GetProperty("status").GetString());
            Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
            await (await CancelAsync(staff, id, key, new { reason = "another reason" })).AssertProblemAsync(HttpStatusCode.Conflict, "idempotency_conflict");
        }
        await Invariants.AssertHoldAsync(app);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class GraphQLStaffIdempotencyTestsOnSqlite(SqliteApp app) : GraphQLStaffIdempotencyTests(app);

[Collection(PostgresCollection.Name)]
public sealed class GraphQLStaffIdempotencyTestsOnPostgres(PostgresApp app) : GraphQLStaffIdempotencyTests(app);
