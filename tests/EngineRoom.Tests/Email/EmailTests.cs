using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using EngineRoom.Common.Outbox;
using EngineRoom.Customers;
using EngineRoom.Data;
using EngineRoom.Email;
using EngineRoom.Events;
using EngineRoom.Tests.Infrastructure;
using EngineRoom.Tests.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EngineRoom.Tests.Email;

public abstract class EmailTests(EngineRoomApp app, EmailRig rig)
{
    private SmtpSink Sink => rig.Sink;

    [Fact]
    public async Task A_buy_now_sends_a_confirmation_with_text_and_html_the_store_name_the_money_and_a_guest_link_that_opens_the_order()
    {
        var (orderId, email) = await Mail.BuyNowAsync(app, price: 1234, name: "Ada <Lovelace>");
        await Mail.DeliverAsync(app);

        var confirmation = Assert.Single(Sink.To(email), m => m.Subject.Contains("is confirmed"));
        Assert.Equal("Your Tessellate & Co order is confirmed", confirmation.Subject);
        Assert.Contains("Total: $12.34", confirmation.Text);
        Assert.Contains("1 × Product", confirmation.Text);
        Assert.Contains("Hello Ada <Lovelace>,", confirmation.Text);
        Assert.Contains("<strong>$12.34</strong>", confirmation.Html);
        Assert.Contains("Tessellate &amp; Co", confirmation.Html);
        Assert.Contains("Hello Ada &lt;Lovelace&gt;,", confirmation.Html); // values are encoded in the HTML part
        Assert.DoesNotContain("<Lovelace>", confirmation.Html);
        Assert.Equal("shop@tests.engineroom", Assert.Single(confirmation.Message.From.Mailboxes).Address);
        Assert.Single(Sink.To(email), m => m.Subject.Contains("Payment received")); // order.paid: the receipt

        // The guest's link opens the order (and only that one), with the token in the fragment.
        var token = Regex.Match(confirmation.Text, $@"https://shop\.example\.com/orders/{orderId}#token=(ol_[\w-]+)").Groups[1].Value;
        Assert.NotEmpty(token);
        Assert.Contains($"#token={token}", confirmation.Html);
        Assert.Equal(HttpStatusCode.OK, (await GetOrderAsync(orderId, token)).StatusCode);
        var (otherId, _) = await Mail.BuyNowAsync(app);
        Assert.Equal(HttpStatusCode.NotFound, (await GetOrderAsync(otherId, token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await GetOrderAsync(orderId, token[..^2] + "xx")).StatusCode);

        // Sent: the model is erased, who, what and when are kept.
        var stored = (await Mail.StoredAsync(app, email)).Single(m => m.Template == OrderMail.Confirmation);
        Assert.Equal((EmailStatus.Sent, null, 1, orderId), (stored.Status, stored.Model, stored.Attempts, stored.OrderId));
        Assert.NotNull(stored.SentAt);
    }

    [Fact]
    public async Task A_customer_gets_a_link_without_a_token()
    {
        var email = $"member-{Guid.NewGuid():N}@example.com";
        var (orderId, _) = await Mail.BuyNowAsync(app, email, client: await app.CustomerClientAsync(email));
        await Mail.DeliverAsync(app);
        var confirmation = Assert.Single(Sink.To(email), m => m.Subject.Contains("is confirmed"));
        Assert.Contains($"https://shop.example.com/orders/{orderId}\n", confirmation.Text);
        Assert.DoesNotContain("#token=", confirmation.Text);
    }

    [Fact]
    public async Task Shipped_mail_carries_the_carrier_and_the_tracking_number()
    {
        var (orderId, _) = await new OrderScenario(app).InStateAsync("shipped"); // ships with UPS, 1Z999
        var email = await app.QueryAsync(db => db.Orders.Where(o => o.Id == orderId).Select(o => o.Email).SingleAsync());
        await Mail.DeliverAsync(app);
        var shipped = Assert.Single(Sink.To(email), m => m.Subject.Contains("has shipped"));
        Assert.Contains("Carrier: UPS", shipped.Text);
        Assert.Contains("Tracking number: 1Z999", shipped.Text);
        Assert.Contains("<strong>1Z999</strong>", shipped.Html);
    }

    [Fact]
    public async Task Ten_concurrent_dispatches_of_one_event_queue_and_send_one_email()
    {
        var (orderId, email) = await Mail.BuyNowAsync(app);
        var placed = await app.QueryAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Type == OrderPlaced.Name).ToListAsync());
        var message = placed.Single(m => m.Payload.Contains(orderId.ToString()));

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetServices<IOutboxHandler>().OfType<OrderMail>().Single().HandleAsync(message, default);
        })));
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => Mail.SendAsync(app))));
        await Mail.DeliverAsync(app); // and the dispatcher's own hand-over on top

        Assert.Single(Sink.To(email), m => m.Subject.Contains("is confirmed"));
        Assert.Single(await Mail.StoredAsync(app, email), m => m.Template == OrderMail.Confirmation);
    }

    [Fact]
    public async Task An_smtp_server_that_is_down_is_retried_with_backoff_and_delivered_when_it_is_back_and_checkout_is_unaffected()
    {
        await Sink.GoDownAsync();
        string email;
        try
        {
            (_, email) = await Mail.BuyNowAsync(app); // 201: checkout never waits for mail
            var failedAt = app.Clock.GetUtcNow();
            await Mail.DeliverAsync(app);
            var waiting = (await Mail.StoredAsync(app, email)).Single(m => m.Template == OrderMail.Confirmation);
            Assert.Equal((EmailStatus.Pending, 1), (waiting.Status, waiting.Attempts));
            Assert.InRange(waiting.NextAttemptAt - failedAt, TimeSpan.FromSeconds(24), TimeSpan.FromSeconds(36)); // 30 s ± 20%
            Assert.Contains("Socket", waiting.LastError);
            Assert.Equal(0, await Mail.SendAsync(app)); // not due yet
            Assert.Contains(rig.Log.Lines, l => l.Contains($"Email {waiting.Id} (order-confirmation) failed on attempt 1"));
        }
        finally { Sink.ComeBack(); }

        app.Clock.Advance(TimeSpan.FromSeconds(40)); // the background sender may take it as well: either sends it
        await Mail.SendAsync(app);
        await Eventually.AssertAsync(async () => (await Mail.StoredAsync(app, email)).All(m => m.Status == EmailStatus.Sent), "both messages sent");
        Assert.Single(Sink.To(email), m => m.Subject.Contains("is confirmed"));
        var sent = (await Mail.StoredAsync(app, email)).Single(m => m.Template == OrderMail.Confirmation);
        Assert.Equal((EmailStatus.Sent, 2, null), (sent.Status, sent.Attempts, sent.LastError));
    }

    [Fact]
    public async Task A_slow_server_times_out_and_the_message_is_sent_on_a_later_attempt()
    {
        var (_, email) = await Mail.BuyNowAsync(app);
        Sink.Delay = TimeSpan.FromSeconds(4); // Smtp:TimeoutSeconds is 2
        try { await Mail.DeliverAsync(app); }
        finally { Sink.Delay = TimeSpan.Zero; }
        var waiting = (await Mail.StoredAsync(app, email)).Single(m => m.Template == OrderMail.Confirmation);
        Assert.Equal((EmailStatus.Pending, 1), (waiting.Status, waiting.Attempts));

        app.Clock.Advance(TimeSpan.FromSeconds(40));
        await Mail.SendAsync(app);
        await Eventually.AssertAsync(async () => (await Mail.StoredAsync(app, email)).Single(m => m.Template == OrderMail.Confirmation).Status == EmailStatus.Sent,
            "sent on the second attempt");
    }

    [Fact]
    public async Task A_refused_recipient_is_retried_logged_and_given_up_while_other_mail_goes_out_and_the_worker_keeps_running()
    {
        var refused = $"refused-{Guid.NewGuid():N}@example.com";
        Sink.Refuse(refused);
        await Mail.BuyNowAsync(app, refused);
        var (_, fine) = await Mail.BuyNowAsync(app);
        await Mail.DeliverAsync(app);
        Assert.Contains(Sink.To(fine), m => m.Subject.Contains("is confirmed"));
        Assert.Empty(Sink.To(refused));

        for (var attempt = 2; attempt <= EmailRig.MaxAttempts; attempt++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(5)); // past the 30 s and 60 s waits (± 20%); the background sender may take it too
            await Mail.SendAsync(app);
            await Eventually.AssertAsync(async () => (await Mail.StoredAsync(app, refused)).All(m => m.Attempts == attempt && m.ClaimToken == null),
                $"attempt {attempt} recorded");
        }
        var given = await Mail.StoredAsync(app, refused);
        Assert.All(given, m => Assert.Equal((EmailStatus.Failed, EmailRig.MaxAttempts), (m.Status, m.Attempts)));
        Assert.All(given, m => Assert.Contains("550", m.LastError));
        Assert.All(given, m => Assert.NotNull(m.Model)); // kept for staff
        Assert.Contains(rig.Log.Lines, l => l.Contains("is given up"));
        Assert.DoesNotContain(rig.Log.Lines, l => l.Contains(refused)); // the recipient is not logged

        var staff = await app.StaffClientAsync();
        var failed = await (await staff.GetAsync("/admin/email/messages?status=failed&limit=100")).JsonAsync();
        Assert.Contains(failed.GetProperty("items").EnumerateArray(), m => m.GetProperty("recipient").GetString() == refused
            && m.GetProperty("lastError").GetString()!.Contains("550"));
        Assert.False(app.Services.GetRequiredService<EmailSender>().ExecuteTask!.IsCompleted);
        Sink.Accept(refused);
    }

    [Fact]
    public async Task A_template_in_the_override_folder_wins_over_the_built_in_one()
    {
        var text = Path.Combine(rig.Templates, "order-cancelled.txt");
        var html = Path.Combine(rig.Templates, "order-cancelled.html");
        await File.WriteAllTextAsync(text, "Subject: Cancelled ({{storeName}})\n\nOVERRIDE {{orderId}} refunded {{refunded}}\n");
        await File.WriteAllTextAsync(html, "<p>OVERRIDE {{name}}</p>");
        try
        {
            var staff = await app.StaffClientAsync();
            var preview = await (await staff.GetAsync("/admin/email/templates/order-cancelled/preview")).JsonAsync();
            Assert.Equal("Cancelled (Tessellate & Co)", preview.GetProperty("subject").GetString());
            Assert.StartsWith("OVERRIDE", preview.GetProperty("text").GetString());
            var listed = await (await staff.GetAsync("/admin/email/templates")).JsonAsync();
            Assert.Contains(listed.EnumerateArray(), t => t.GetProperty("name").GetString() == "order-cancelled" && t.GetProperty("textOverridden").GetBoolean());

            var scenario = new OrderScenario(app);
            var (orderId, _) = await scenario.InStateAsync("cancelled");
            var email = await app.QueryAsync(db => db.Orders.Where(o => o.Id == orderId).Select(o => o.Email).SingleAsync());
            await Mail.DeliverAsync(app);
            var cancelled = Assert.Single(Sink.To(email), m => m.Subject.StartsWith("Cancelled"));
            Assert.Equal($"OVERRIDE {orderId} refunded $20.00\n", cancelled.Text.ReplaceLineEndings("\n"));
            Assert.Contains("<p>OVERRIDE </p>", cancelled.Html); // the layout wraps it
            Assert.Contains("<h1", cancelled.Html);
        }
        finally { File.Delete(text); File.Delete(html); }
    }

    [Fact]
    public async Task Account_mail_is_saved_in_the_callers_transaction_sent_after_commit_and_never_for_a_rollback()
    {
        var id = Guid.NewGuid();
        var tag = id.ToString("N");
        var (reset, verify, old, rolledBack) = ($"reset-{tag}@example.com", $"verify-{tag}@example.com", $"old-{tag}@example.com", $"rollback-{tag}@example.com");
        var mail = app.Services.GetRequiredService<IAccountMail>();
        var expires = app.Clock.GetUtcNow().AddMinutes(30);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EngineRoomDb>();
            await db.InTransactionAsync(async () =>
            {
                mail.PasswordReset(db, new AccountMailRecipient(id, reset, "Ada"), $"https://shop.example.com/reset#token=reset-secret-{tag}", expires);
                mail.VerifyEmail(db, new AccountMailRecipient(id, verify, "Ada"), $"https://shop.example.com/verify#token=verify-secret-{tag}", expires);
                mail.EmailChanged(db, new AccountMailRecipient(id, old, "Ada"), $"new-{tag}@example.com");
                return await Task.FromResult(0);
            }, rollback: _ => false, default);
            await db.InTransactionAsync(() =>
            {
                mail.PasswordReset(db, new AccountMailRecipient(id, rolledBack, "Ada"), "https://shop.example.com/reset#token=never", expires);
                return Task.FromResult(0);
            }, rollback: _ => true, default);
        }
        await Mail.SendAsync(app);

        var resetMail = Assert.Single(Sink.To(reset));
        Assert.Contains($"https://shop.example.com/reset#token=reset-secret-{tag}", resetMail.Text);
        Assert.Contains($"href=\"https://shop.example.com/reset#token=reset-secret-{tag}\"", resetMail.Html);
        Assert.Contains(EngineRoom.Email.EmailFormat.Time(expires), resetMail.Text);
        Assert.Contains($"verify#token=verify-secret-{tag}", Assert.Single(Sink.To(verify)).Text);
        var changed = Assert.Single(Sink.To(old)); // to the old address, naming the new one
        Assert.Contains($"changed to new-{tag}@example.com", changed.Text);
        Assert.Empty(Sink.To($"new-{tag}@example.com"));
        Assert.Empty(Sink.To(rolledBack));
        Assert.Empty(await Mail.StoredAsync(app, rolledBack));
        Assert.All(await Mail.StoredAsync(app, reset), m => Assert.Null(m.Model)); // the reset link is gone once sent

        // No token reaches the log, whatever happened above.
        Assert.DoesNotContain(rig.Log.Lines, l => l.Contains("secret-") || l.Contains("#token=") || Regex.IsMatch(l, @"\bol_[\w-]{40,}"));
    }

    [Fact]
    public async Task Cr_and_lf_in_a_display_name_cannot_add_a_header_or_a_recipient()
    {
        var to = $"inject-{Guid.NewGuid():N}@example.com";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EngineRoomDb>();
            app.Services.GetRequiredService<IAccountMail>().EmailChanged(db,
                new AccountMailRecipient(Guid.NewGuid(), to, "Eve\r\nBcc: evil@example.com\r\nSubject: pwned"), "x@example.com");
            await db.SaveChangesAsync();
        }
        await Mail.SendAsync(app);
        var received = Assert.Single(Sink.To(to));
        Assert.Equal([to], received.Recipients);
        Assert.Empty(Sink.To("evil@example.com"));
        Assert.Null(received.Message.Headers[MimeKit.HeaderId.Bcc]);
        Assert.Equal("The email address of your Tessellate & Co account was changed", received.Subject);
        var mailbox = Assert.Single(received.Message.To.Mailboxes);
        Assert.Equal((to, "Eve  Bcc: evil@example.com  Subject: pwned"), (mailbox.Address, mailbox.Name));
    }

    [Fact]
    public async Task Previews_and_the_message_list_are_for_staff_only()
    {
        var staff = await app.StaffClientAsync();
        foreach (var name in EmailTemplates.Samples.Keys)
        {
            var preview = await (await staff.GetAsync($"/admin/email/templates/{name}/preview")).JsonAsync();
            Assert.False(string.IsNullOrWhiteSpace(preview.GetProperty("subject").GetString()), name);
            Assert.Contains("Tessellate &amp; Co", preview.GetProperty("html").GetString());
            Assert.DoesNotContain("{{", preview.GetProperty("text").GetString() + preview.GetProperty("html").GetString());
        }
        await (await staff.GetAsync("/admin/email/templates/no-such-template/preview")).JsonAsync(HttpStatusCode.NotFound);
        await (await staff.GetAsync("/admin/email/templates/..%2Flayout/preview")).JsonAsync(HttpStatusCode.NotFound);
        await (await staff.GetAsync("/admin/email/messages?status=nope")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        var customer = await app.CustomerClientAsync();
        foreach (var path in new[] { "/admin/email/templates", "/admin/email/templates/password-reset/preview", "/admin/email/messages" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync(path)).StatusCode);
        }
    }

    private Task<HttpResponseMessage> GetOrderAsync(Guid id, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/store/orders/{id}");
        request.Headers.Add("Order-Token", token);
        return app.CreateClient().SendAsync(request);
    }
}

public sealed class EmailTestsOnSqlite(EmailSqliteApp app) : EmailTests(app, app.Rig), IClassFixture<EmailSqliteApp>;

public sealed class EmailTestsOnPostgres(EmailPostgresApp app) : EmailTests(app, app.Rig), IClassFixture<EmailPostgresApp>;

public sealed class MoneyTextTests
{
    [Theory]
    [InlineData(1234, "USD", "$12.34"), InlineData(1234, "EUR", "12,34 €"), InlineData(123456789, "EUR", "1.234.567,89 €"),
     InlineData(1234, "JPY", "¥1,234"), InlineData(1234, "GBP", "£12.34"), InlineData(-500, "USD", "-$5.00"), InlineData(1234, "KWD", "1.234 KWD"),
     InlineData(5, "USD", "$0.05"), InlineData(0, "EUR", "0,00 €")]
    public void Minor_units_read_as_the_currency_is_written(long amount, string currency, string expected) =>
        Assert.Equal(expected, MoneyText.Format(amount, currency));
}
