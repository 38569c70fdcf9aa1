using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EngineRoom.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Tests.Checkout;

public abstract class BuyNowTests(EngineRoomApp app)
{
    private static object Body(string sku, int quantity = 1, string token = "tok_visa", string? email = "buyer@example.com", string[]? codes = null) => new
    {
        lines = new[] { new { sku, quantity } }, paymentToken = token, email, discountCodes = codes,
        shippingAddress = new { name = "Ada Lovelace", line1 = "1 Analytical Way", city = "London", postalCode = "N1 1AA", country = "GB" },
    };

    private static HttpRequestMessage Post(object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/store/orders") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }

    private Task<(long OnHand, long Reserved)> StockAsync(string sku) => app.QueryAsync(async db =>
    {
        var level = await db.StockLevels.AsNoTracking().SingleAsync(l => l.Sku == sku);
        return (level.OnHand, level.Reserved);
    });

    private Task<int> OrdersWithAsync(string sku) => app.QueryAsync(db => db.OrderLines.CountAsync(l => l.Sku == sku));

    /// <summary>A new 10% code usable <paramref name="usageLimit"/> times in all.</summary>
    private async Task<string> LimitedCodeAsync(string prefix, string name, int usageLimit)
    {
        var code = $"{prefix}{Guid.NewGuid():N}"[..20].ToUpperInvariant();
        await app.QueryAsync(async db =>
        {
            db.Discounts.Add(new EngineRoom.Pricing.Discount
            {
                Id = Guid.NewGuid(), Code = code, Name = name, Kind = EngineRoom.Pricing.DiscountKind.Percentage, PercentBps = 1000,
                UsageLimit = usageLimit, CreatedAt = app.Clock.GetUtcNow(),
            });
            return await db.SaveChangesAsync();
        });
        return code;
    }

    [Fact]
    public async Task A_guest_buys_now_and_reads_the_order_with_its_token()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, price: 2500, stock: 5);
        var response = await app.CreateClient().SendAsync(Post(Body(sku, 2)));
        var order = await response.JsonAsync(HttpStatusCode.Created);

        Assert.Equal("paid", order.GetProperty("status").GetString());
        Assert.Equal(5000, order.GetProperty("total").GetProperty("amount").GetInt64());
        Assert.Equal("USD", order.GetProperty("total").GetProperty("currency").GetString());
        Assert.Equal((3, 0), await StockAsync(sku));

        var id = order.GetProperty("id").GetString();
        var token = order.GetProperty("orderToken").GetString();
        var read = new HttpRequestMessage(HttpMethod.Get, $"/store/orders/{id}");
        read.Headers.Add("Order-Token", token);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().SendAsync(read)).StatusCode);
        var wrong = new HttpRequestMessage(HttpMethod.Get, $"/store/orders/{id}");
        wrong.Headers.Add("Order-Token", "not-the-token");
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().SendAsync(wrong)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync($"/store/orders/{id}")).StatusCode);
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task Two_hundred_buyers_for_ten_units_make_exactly_ten_orders()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, stock: 10);
        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            app.CreateClient().SendAsync(Post(Body(sku, email: $"flash{i}@example.com")))));

        Assert.All(answers, a => Assert.True((int)a.StatusCode < 500, $"{(int)a.StatusCode}"));
        Assert.Equal(10, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.Conflict).ToList();
        Assert.Equal(190, refused.Count);
        foreach (var answer in refused.Take(5))
            Assert.Equal(sku, (await answer.AssertProblemAsync(HttpStatusCode.Conflict, "out_of_stock")).GetProperty("skus")[0].GetString());
        Assert.Equal((0, 0), await StockAsync(sku));
        Assert.Equal(10, await OrdersWithAsync(sku));
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task Without_the_stock_gate_and_the_admission_line_two_hundred_buyers_for_ten_units_still_make_ten_orders()
    {
        // The gates order the buyers; the conditional UPDATE alone decides who gets stock (Inventory/StockGate.cs).
        var sku = await TestCatalog.CreateSkuAsync(app, stock: 10);
        using var server = app.WithWebHostBuilder(b => b.UseSetting("Checkout:StockGate", "false").UseSetting("Checkout:MaxConcurrent", "1000"));
        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            server.CreateClient().SendAsync(Post(Body(sku, email: $"ungated{i}@example.com")))));

        Assert.All(answers, a => Assert.True((int)a.StatusCode < 500, $"{(int)a.StatusCode}"));
        Assert.Equal(10, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.Equal(190, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal((0, 0), await StockAsync(sku));
        Assert.Equal(10, await OrdersWithAsync(sku));
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task A_backorder_sku_sells_past_its_stock_even_without_a_stock_row_and_stops_at_zero_when_backorder_is_turned_off()
    {
        var client = app.CreateClient();
        var stocked = await TestCatalog.CreateSkuAsync(app, stock: 1, backorder: true);
        var unstocked = await TestCatalog.CreateSkuAsync(app, stock: 0, backorder: true);
        var plain = await TestCatalog.CreateSkuAsync(app, stock: 1);

        await (await client.SendAsync(Post(Body(stocked, 3)))).JsonAsync(HttpStatusCode.Created);
        Assert.Equal((-2, 0), await StockAsync(stocked));
        await (await client.SendAsync(Post(Body(unstocked, 2)))).JsonAsync(HttpStatusCode.Created);
        Assert.Equal((-2, 0), await StockAsync(unstocked));
        await (await client.SendAsync(Post(Body(plain, 2)))).AssertProblemAsync(HttpStatusCode.Conflict, "out_of_stock");
        Assert.Equal((1, 0), await StockAsync(plain));

        // The 2 owed arrive and backorder is turned off: nothing more can be sold from zero.
        var staff = await app.StaffClientAsync();
        await (await staff.PatchAsJsonAsync($"/admin/inventory/{stocked}", new { allowBackorder = false })).JsonAsync();
        await (await staff.PostAsJsonAsync($"/admin/inventory/{stocked}/adjustments", new { delta = 2, reason = "received" })).JsonAsync();
        await (await client.SendAsync(Post(Body(stocked, 1)))).AssertProblemAsync(HttpStatusCode.Conflict, "out_of_stock");
        Assert.Equal((0, 0), await StockAsync(stocked));
        Assert.Equal(1, await OrdersWithAsync(stocked));
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task A_code_limited_to_five_uses_is_used_exactly_five_times_by_fifty_concurrent_checkouts()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, stock: 1000);
        var code = await LimitedCodeAsync("FIVE", "Five uses", usageLimit: 5);

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            app.CreateClient().SendAsync(Post(Body(sku, email: $"coupon{i}@example.com", codes: [code])))));

        Assert.Equal(5, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Created), a => Assert.Equal(HttpStatusCode.UnprocessableEntity, a.StatusCode));
        await answers.First(a => a.StatusCode != HttpStatusCode.Created).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "discount_invalid");
        Assert.Equal(5, await app.QueryAsync(db => db.Orders.CountAsync(o => o.DiscountCodes.Contains(code))));
        Assert.Equal(5, await app.QueryAsync(db => db.Discounts.Where(d => d.Code == code).Select(d => d.TimesUsed).SingleAsync()));
        Assert.Equal((1000 - 5, 0), await StockAsync(sku));
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task An_unlimited_code_counts_its_uses_by_redemptions_and_a_limit_put_on_it_later_starts_from_them()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, stock: 1000);
        var staff = await app.StaffClientAsync();
        var code = $"OPEN{Guid.NewGuid():N}"[..20].ToUpperInvariant();
        var id = (await staff.PostAsJsonAsync("/admin/discounts", new { code, name = "Open", kind = "percentage", percentBps = 1000 })
            .JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            app.CreateClient().SendAsync(Post(Body(sku, email: $"open{i}@example.com", codes: [code])))));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        Assert.Equal(30, (await staff.GetAsync($"/admin/discounts/{id}").JsonAsync()).GetProperty("timesUsed").GetInt32());
        Assert.Equal(0, await app.QueryAsync(db => db.Discounts.Where(d => d.Id == id).Select(d => d.TimesUsed).SingleAsync()));

        await staff.PatchAsJsonAsync($"/admin/discounts/{id}", new { usageLimit = 29 }).AssertInvalidAsync("usageLimit");
        Assert.Equal(30, (await staff.PatchAsJsonAsync($"/admin/discounts/{id}", new { usageLimit = 32 }).JsonAsync()).GetProperty("timesUsed").GetInt32());
        var more = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            app.CreateClient().SendAsync(Post(Body(sku, email: $"more{i}@example.com", codes: [code])))));
        Assert.Equal(2, more.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.Equal(32, (await staff.GetAsync($"/admin/discounts/{id}").JsonAsync()).GetProperty("timesUsed").GetInt32());
        Assert.Equal(32, await app.QueryAsync(db => db.Orders.CountAsync(o => o.DiscountCodes.Contains(code))));
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task An_order_whose_commit_answer_is_lost_is_answered_and_replayed_not_undone_nor_charged_again()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, stock: 10);
        var key = Guid.NewGuid().ToString();
        var email = $"crash-{key}@example.com";
        var body = Body(sku, email: email);
        // The order's transaction commits, then the commit reports a failure (as when the connection drops on COMMIT's
        // answer). The order must stand, paid, and be the answer; a retry after a process death must replay it.
        app.Faults.FailCommitAfter = c => c.CommandText.Contains("orders_orders")
            && c.Parameters.Cast<System.Data.Common.DbParameter>().Any(p => Equals(p.Value, email));

        var first = await app.CreateClient().SendAsync(Post(body, key));
        Assert.Null(app.Faults.FailCommitAfter); // the fault was armed on the order's transaction
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var answer = await first.Content.ReadAsStringAsync();

        var retry = await app.CreateClient().SendAsync(Post(body, key));
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(answer, await retry.Content.ReadAsStringAsync());

        var orderId = Guid.Parse(JsonDocument.Parse(answer).RootElement.GetProperty("id").GetString()!);
        Assert.Equal(1, await OrdersWithAsync(sku));
        var providerId = await app.QueryAsync(db => db.Payments.Where(p => p.OrderId == orderId).Select(p => p.ProviderPaymentId).SingleAsync());
        var charge = app.Sandbox.Find(providerId)!;
        Assert.Equal((charge.Authorized, 0L), (charge.Captured, charge.Refunded));
        Assert.Equal((9, 0), await StockAsync(sku));
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task Fifty_concurrent_requests_with_one_key_make_one_order_and_one_charge()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, stock: 100);
        var key = Guid.NewGuid().ToString();
        var body = Body(sku, email: $"idem-{key}@example.com");
        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => app.CreateClient().SendAsync(Post(body, key))));

        var created = answers.Where(a => a.StatusCode == HttpStatusCode.Created).ToList();
        Assert.True(created.Count > 0, string.Join(" | ", await Task.WhenAll(answers.Take(3).Select(async a => $"{(int)a.StatusCode} {await a.Content.ReadAsStringAsync()}"))));
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Created), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        foreach (var conflict in answers.Where(a => a.StatusCode == HttpStatusCode.Conflict).Take(3))
            await conflict.AssertProblemAsync(HttpStatusCode.Conflict, "idempotency_in_progress");
        var bodies = await Task.WhenAll(created.Select(c => c.Content.ReadAsStringAsync()));
        Assert.Single(bodies.Distinct());

        var replay = await app.CreateClient().SendAsync(Post(body, key));
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal(bodies[0], await replay.Content.ReadAsStringAsync());
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());

        Assert.Equal(1, await OrdersWithAsync(sku));
        var orderId = Guid.Parse(JsonDocument.Parse(bodies[0]).RootElement.GetProperty("id").GetString()!);
        Assert.Equal(1, await app.QueryAsync(db => db.Payments.CountAsync(p => p.OrderId == orderId)));
        var providerId = await app.QueryAsync(db => db.Payments.Where(p => p.OrderId == orderId).Select(p => p.ProviderPaymentId).SingleAsync());
        var providerKey = app.Sandbox.Find(providerId)!.IdempotencyKey;
        Assert.Equal(1, app.Sandbox.All().Count(c => c.IdempotencyKey == providerKey));
        Assert.Equal((99, 0), await StockAsync(sku));

        await (await app.CreateClient().SendAsync(Post(Body(sku, 2, email: $"idem-{key}@example.com"), key)))
            .AssertProblemAsync(HttpStatusCode.Conflict, "idempotency_conflict");
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task A_keyed_refusal_is_one_answer_for_every_concurrent_retry_and_is_replayed_after_a_restock()
    {
        // Checkout claims its key in the hold (decision 0012): a refusal before it is stored by one insert, and of the
        // concurrent requests with the key the first insert is the answer every other one replays.
        var sku = await TestCatalog.CreateSkuAsync(app, stock: 1);
        var key = Guid.NewGuid().ToString();
        var body = Body(sku, 2, email: $"refused-{key}@example.com");
        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => app.CreateClient().SendAsync(Post(body, key))));

        foreach (var answer in answers) await answer.AssertProblemAsync(HttpStatusCode.Conflict, "out_of_stock");
        var bodies = await Task.WhenAll(answers.Select(a => a.Content.ReadAsStringAsync()));
        Assert.Single(bodies.Distinct());
        Assert.Equal(29, answers.Count(a => a.Headers.Contains("Idempotent-Replayed")));
        var stored = await app.QueryAsync(db => db.IdempotencyRecords.AsNoTracking().Where(r => r.Key == key).ToListAsync());
        Assert.True(stored is [{ Completed: true, StatusCode: 409 }], $"{stored.Count} records");

        // Stock arrives: the key still answers what it answered; a new key buys.
        var staff = await app.StaffClientAsync();
        await (await staff.PostAsJsonAsync($"/admin/inventory/{sku}/adjustments", new { delta = 4, reason = "received" })).JsonAsync();
        var replay = await app.CreateClient().SendAsync(Post(body, key));
        await replay.AssertProblemAsync(HttpStatusCode.Conflict, "out_of_stock");
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(0, await OrdersWithAsync(sku));
        await (await app.CreateClient().SendAsync(Post(body, Guid.NewGuid().ToString()))).JsonAsync(HttpStatusCode.Created);
        await (await app.CreateClient().SendAsync(Post(Body(sku, 1, email: $"refused-{key}@example.com"), key)))
            .AssertProblemAsync(HttpStatusCode.Conflict, "idempotency_conflict");
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task A_key_whose_day_is_over_is_taken_over_by_the_checkout_that_claims_it_in_its_hold()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, stock: 3);
        var key = Guid.NewGuid().ToString();
        var body = Body(sku, email: $"expired-{key}@example.com");
        await (await app.CreateClient().SendAsync(Post(body, key))).JsonAsync(HttpStatusCode.Created);
        // The key's 24 hours are over (moved in the database: the shared clock stays where it is).
        await app.QueryAsync(db => db.IdempotencyRecords.Where(r => r.Key == key)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.ExpiresAt, app.Clock.GetUtcNow().AddMinutes(-1))));

        var again = await app.CreateClient().SendAsync(Post(Body(sku, 2, email: $"expired-{key}@example.com"), key));
        await again.JsonAsync(HttpStatusCode.Created);
        Assert.False(again.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(2, await OrdersWithAsync(sku));
        Assert.Equal((0, 0), await StockAsync(sku));
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task A_hold_that_runs_out_while_the_provider_answers_is_not_sold_and_its_payment_is_undone()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, stock: 2);
        var key = Guid.NewGuid().ToString();
        using var slow = app.WithWebHostBuilder(b => b.UseSetting("Payments:Sandbox:LatencyMilliseconds", "1000")); // on the test's clock
        var buying = slow.CreateClient().SendAsync(Post(Body(sku, 2, email: $"slow-{key}@example.com"), key));
        Guid attempt = default;
        await Eventually.AssertAsync(async () => (attempt = await app.QueryAsync(db =>
            db.CheckoutAttempts.Where(a => a.IdempotencyKey == key).Select(a => a.Id).SingleOrDefaultAsync())) != default, "the hold committed");
        Assert.Equal((2, 2), await StockAsync(sku));

        // The hold runs out while the provider is still answering: the sweeper gives the stock back.
        Assert.True(await app.QueryAsync(db => EngineRoom.Checkout.HoldSweeper.ReleaseHoldAsync(db, attempt, default)));
        Assert.Equal((2, 0), await StockAsync(sku));
        while (!buying.IsCompleted) // the provider waits on the clock: move it until the checkout answers
        {
            app.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(buying, Task.Delay(TimeSpan.FromMilliseconds(100)));
        }

        var problem = await (await buying).AssertProblemAsync(HttpStatusCode.Conflict, "checkout_interrupted");
        Assert.Contains("expired", problem.GetProperty("detail").GetString());
        Assert.Equal(0, await OrdersWithAsync(sku));
        Assert.Equal((2, 0), await StockAsync(sku));
        var charge = app.Sandbox.FindByKey($"{EngineRoom.Checkout.CheckoutAttempt.KeyPrefix}{attempt:N}");
        Assert.True(charge is { State: EngineRoom.Payments.PaymentState.Refunded or EngineRoom.Payments.PaymentState.Voided }, $"{charge?.State}");
        Assert.Equal(EngineRoom.Checkout.AttemptStatus.Failed, await app.QueryAsync(db => db.CheckoutAttempts.Where(a => a.Id == attempt).Select(a => a.Status).SingleAsync()));
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task A_failed_checkout_gives_its_code_use_back_and_a_completed_one_keeps_it_even_if_released_again()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, stock: 10);
        var code = await LimitedCodeAsync("ONCE", "One use", usageLimit: 1);
        Task<int> UsedAsync() => app.QueryAsync(db => db.Discounts.Where(d => d.Code == code).Select(d => d.TimesUsed).SingleAsync());

        await (await app.CreateClient().SendAsync(Post(Body(sku, token: "tok_declined", email: "once-a@example.com", codes: [code]))))
            .AssertProblemAsync(HttpStatusCode.PaymentRequired, "payment_declined");
        Assert.Equal(0, await UsedAsync());
        var order = await (await app.CreateClient().SendAsync(Post(Body(sku, email: "once-b@example.com", codes: [code])))).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(1, await UsedAsync());

        // A release that reaches a completed attempt (a late recovery, a repeated clean-up) leaves its order's use alone.
        var orderId = Guid.Parse(order.GetProperty("id").GetString()!);
        var attempt = await app.QueryAsync(db => db.CheckoutAttempts.Where(a => a.OrderId == orderId).Select(a => a.Id).SingleAsync());
        await app.QueryAsync(async db =>
        {
            await EngineRoom.Checkout.CheckoutRecovery.ReleaseAsync(db, attempt, "recovered", forgetIdempotencyKey: false, app.Clock.GetUtcNow(), default);
            return true;
        });
        Assert.Equal(1, await UsedAsync());
        Assert.Equal(EngineRoom.Checkout.AttemptStatus.Completed, await app.QueryAsync(db => db.CheckoutAttempts.Where(a => a.Id == attempt).Select(a => a.Status).SingleAsync()));
        await (await app.CreateClient().SendAsync(Post(Body(sku, email: "once-c@example.com", codes: [code]))))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "discount_invalid");
        Assert.Equal((9, 0), await StockAsync(sku));
        await Invariants.AssertHoldAsync(app);
    }

    [Theory]
    [InlineData("tok_declined", HttpStatusCode.PaymentRequired, "payment_declined")]
    [InlineData("tok_insufficient_funds", HttpStatusCode.PaymentRequired, "payment_declined")]
    [InlineData("tok_error", HttpStatusCode.BadGateway, "payment_provider_error")]
    [InlineData("tok_timeout", HttpStatusCode.GatewayTimeout, "payment_provider_timeout")]
    public async Task A_failed_payment_leaves_no_order_no_money_and_no_held_stock(string token, HttpStatusCode status, string code)
    {
        var sku = await TestCatalog.CreateSkuAsync(app, stock: 3);
        var email = $"fail-{Guid.NewGuid():N}@example.com";
        var answer = await app.CreateClient().SendAsync(Post(Body(sku, 2, token, email)));
        var problem = await answer.AssertProblemAsync(status, code);
        if (token == "tok_insufficient_funds") Assert.Equal("insufficient_funds", problem.GetProperty("declineCode").GetString());

        Assert.Equal((3, 0), await StockAsync(sku));
        Assert.Equal(0, await OrdersWithAsync(sku));
        Assert.Equal(0, await app.QueryAsync(db => db.Orders.CountAsync(o => o.Email == email)));
        if (token == "tok_timeout")
        {
            var charges = app.Sandbox.All().Where(c => c.Token == "tok_timeout").ToList();
            Assert.All(charges, c => Assert.Equal(EngineRoom.Payments.PaymentState.Voided, c.State));
        }
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task Card_numbers_are_refused_before_anything_happens()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, stock: 3);
        var body = new { lines = new[] { new { sku, quantity = 1 } }, paymentToken = "tok_visa", email = "card@example.com", card = new { number = "4242 4242 4242 4242", cvc = "123" } };
        await (await app.CreateClient().PostAsJsonAsync("/store/orders", body)).AssertProblemAsync(HttpStatusCode.BadRequest, "card_data_refused");
        var sneaky = new { lines = new[] { new { sku, quantity = 1 } }, paymentToken = "4111111111111111", email = "card@example.com" };
        await (await app.CreateClient().PostAsJsonAsync("/store/orders", sneaky)).AssertProblemAsync(HttpStatusCode.BadRequest, "card_data_refused");
        Assert.Equal((3, 0), await StockAsync(sku));
    }

    [Fact]
    public async Task Bad_bodies_get_400_naming_the_fields_and_unknown_skus_422()
    {
        var client = app.CreateClient();
        var problem = await (await client.PostAsJsonAsync("/store/orders", new { lines = new[] { new { sku = "", quantity = 0 } }, paymentToken = "" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains("paymentToken", problem.GetProperty("errors").EnumerateObject().Select(p => p.Name), StringComparer.OrdinalIgnoreCase);
        await (await client.SendAsync(Post(Body("NO-SUCH-SKU")))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown_sku");
        await (await client.SendAsync(Post(Body("ANY", email: null)))).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Customers_see_only_their_own_orders()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, stock: 5);
        var alice = await app.CustomerClientAsync();
        var bob = await app.CustomerClientAsync();
        var order = await (await alice.SendAsync(Post(Body(sku, email: null)))).JsonAsync(HttpStatusCode.Created);
        var id = order.GetProperty("id").GetString();
        Assert.False(order.TryGetProperty("orderToken", out var token) && token.ValueKind == JsonValueKind.String);

        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync($"/store/orders/{id}")).StatusCode);
        await (await bob.GetAsync($"/store/orders/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        var bobs = await (await bob.GetAsync("/store/orders")).JsonAsync();
        Assert.Empty(bobs.GetProperty("items").EnumerateArray());
        var alices = await (await alice.GetAsync("/store/orders")).JsonAsync();
        Assert.Equal(id, alices.GetProperty("items")[0].GetProperty("id").GetString());
        await (await bob.GetAsync($"/admin/orders/{id}")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var staff = await app.StaffClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync($"/admin/orders/{id}")).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class BuyNowTestsOnSqlite(SqliteApp app) : BuyNowTests(app);

[Collection(PostgresCollection.Name)]
public sealed class BuyNowTestsOnPostgres(PostgresApp app) : BuyNowTests(app);
