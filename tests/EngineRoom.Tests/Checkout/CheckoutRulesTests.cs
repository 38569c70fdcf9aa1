using System.Net;
using System.Net.Http.Json;
using EngineRoom.Checkout;
using EngineRoom.Common.Idempotency;
using EngineRoom.Inventory;
using EngineRoom.Payments;
using EngineRoom.Pricing;
using EngineRoom.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EngineRoom.Tests.Checkout;

public abstract class CheckoutRulesTests(EngineRoomApp app)
{
    private static object Body(string sku, string? email, string[]? codes = null, int quantity = 1) =>
        new { lines = new[] { new { sku, quantity } }, paymentToken = "tok_visa", email, discountCodes = codes };

    [Fact]
    public async Task A_per_customer_limit_holds_when_one_customer_fires_ten_checkouts_at_once()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, stock: 100);
        var code = $"ONCE{Guid.NewGuid():N}"[..16].ToUpperInvariant();
        await app.QueryAsync(async db =>
        {
            db.Discounts.Add(new Discount { Id = Guid.NewGuid(), Code = code, Name = "Once each", Kind = DiscountKind.FixedAmount, AmountOff = 100, Currency = "USD", PerCustomerLimit = 1 });
            return await db.SaveChangesAsync();
        });
        var customer = await app.CustomerClientAsync();
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => customer.PostAsJsonAsync("/store/orders", Body(sku, null, [code]))));

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Created), a => Assert.Equal(HttpStatusCode.UnprocessableEntity, a.StatusCode));
        // Another customer still may use it.
        var other = await app.CustomerClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await other.PostAsJsonAsync("/store/orders", Body(sku, null, [code]))).StatusCode);
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task An_idempotency_key_is_kept_24_hours_and_then_may_be_used_for_a_new_request()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, stock: 10);
        var key = Guid.NewGuid().ToString();
        HttpRequestMessage Post(int quantity)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/store/orders") { Content = JsonContent.Create(Body(sku, "keys@example.com", quantity: quantity)) };
            request.Headers.Add("Idempotency-Key", key);
            return request;
        }
        Assert.Equal(HttpStatusCode.Created, (await app.CreateClient().SendAsync(Post(1))).StatusCode);
        app.Clock.Advance(TimeSpan.FromHours(23));
        await (await app.CreateClient().SendAsync(Post(2))).AssertProblemAsync(HttpStatusCode.Conflict, "idempotency_conflict");
        app.Clock.Advance(TimeSpan.FromHours(2));
        var fresh = await app.CreateClient().SendAsync(Post(2));
        Assert.Equal(HttpStatusCode.Created, fresh.StatusCode);
        Assert.False(fresh.Headers.Contains("Idempotent-Replayed"));
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task An_automatic_promotion_applies_without_a_code_and_shows_on_the_order()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, price: 2000, stock: 10);
        await app.QueryAsync(async db =>
        {
            db.Discounts.Add(new Discount { Id = Guid.NewGuid(), Name = "Buy 2 get 1", Kind = DiscountKind.BuyXGetY, BuyQuantity = 2, GetQuantity = 1, Skus = [sku], Combinable = true });
            return await db.SaveChangesAsync();
        });
        var order = await (await app.CreateClient().PostAsJsonAsync("/store/orders", Body(sku, "promo@example.com", quantity: 3))).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(2000, order.GetProperty("discount").GetProperty("amount").GetInt64());
        Assert.Equal(4000, order.GetProperty("total").GetProperty("amount").GetInt64());
        Assert.Equal(2000, order.GetProperty("lines")[0].GetProperty("discount").GetProperty("amount").GetInt64());
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task The_recovery_job_voids_and_releases_an_attempt_a_crash_left_in_flight()
    {
        var sku = await TestCatalog.CreateSkuAsync(app, stock: 5);
        var now = app.Clock.GetUtcNow();
        var attempt = new CheckoutAttempt { Id = Guid.CreateVersion7(), Status = AttemptStatus.Authorizing, CreatedAt = now, UpdatedAt = now, ExpiresAt = now.AddMinutes(15), IdempotencyScope = "guest:X", IdempotencyKey = Guid.NewGuid().ToString() };
        await app.QueryAsync(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            db.IdempotencyRecords.Add(new IdempotencyRecord { Scope = "guest:X", Key = attempt.IdempotencyKey!, RequestHash = new byte[32], CreatedAt = now, ExpiresAt = now.AddDays(1) });
            var stock = await StockReservations.ReserveAsync(db, [new StockRequest(sku, 2)], default);
            Assert.Empty(stock.Short);
            attempt.Holds = StockHeld.Write(stock.Held);
            db.CheckoutAttempts.Add(attempt);
            await db.SaveChangesAsync();
            await tx.CommitAsync();
            return true;
        });
        // The process "crashed" right after the provider authorized.
        var provider = app.Services.GetRequiredService<IPaymentProvider>();
        var charge = await provider.AuthorizeAsync(new AuthorizeRequest(1999, "USD", "tok_visa", attempt.ProviderKey), default);
        Assert.Equal(PaymentState.Authorized, charge.State);

        var recovery = app.Services.GetRequiredService<CheckoutRecovery>();
        Assert.Equal(0, await recovery.RecoverAsync(default)); // too recent: it may still be running
        app.Clock.Advance(TimeSpan.FromMinutes(3)); // also wakes the hosted job: whichever runs first resolves it, once
        await recovery.RecoverAsync(default);
        await Eventually.AssertAsync(() => app.QueryAsync(db => db.CheckoutAttempts.AnyAsync(a => a.Id == attempt.Id && a.Status == AttemptStatus.Failed)),
            "the attempt to be resolved");
        Assert.Equal(0, await recovery.RecoverAsync(default));

        Assert.Equal(PaymentState.Voided, (await provider.FindAsync(attempt.ProviderKey, default))!.State);
        await app.QueryAsync(async db =>
        {
            Assert.Equal(0, (await db.StockLevels.SingleAsync(l => l.Sku == sku)).Reserved);
            Assert.Equal(AttemptStatus.Failed, (await db.CheckoutAttempts.SingleAsync(a => a.Id == attempt.Id)).Status);
            Assert.False(await db.IdempotencyRecords.AnyAsync(r => r.Key == attempt.IdempotencyKey));
            return true;
        });
        await Invariants.AssertHoldAsync(app);
    }

    [Fact]
    public async Task With_manual_capture_the_order_is_authorized_and_no_money_is_recorded_as_captured()
    {
        using var manual = app.WithWebHostBuilder(b => b.UseSetting("Payments:CaptureMode", "manual"));
        var sku = await TestCatalog.CreateSkuAsync(app, price: 1500, stock: 5);
        var order = await (await manual.CreateClient().PostAsJsonAsync("/store/orders", Body(sku, "manual@example.com"))).JsonAsync(HttpStatusCode.Created);
        Assert.Equal("authorized", order.GetProperty("status").GetString());
        var id = Guid.Parse(order.GetProperty("id").GetString()!);
        var payment = await app.QueryAsync(db => db.Payments.SingleAsync(p => p.OrderId == id));
        Assert.Equal((1500, 0), (payment.Authorized, payment.Captured));
        Assert.Equal(["order_placed"], await app.QueryAsync(db => db.JournalEntries.Where(e => e.OrderId == id).Select(e => e.Kind).ToListAsync()));
        await Invariants.AssertHoldAsync(app);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CheckoutRulesTestsOnSqlite(SqliteApp app) : CheckoutRulesTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CheckoutRulesTestsOnPostgres(PostgresApp app) : CheckoutRulesTests(app);
