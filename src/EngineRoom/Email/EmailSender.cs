using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EngineRoom.Email;

/// <summary>
/// Each instance's sender: every <see cref="EmailOptions.PollSeconds"/> on the injected clock it claims the messages that
/// are due, renders, sends and records each. A claim is one conditional UPDATE that moves a message's due time a lease
/// ahead under a fresh token (candidates read with FOR UPDATE SKIP LOCKED on PostgreSQL, as the outbox does), so two
/// instances never send one message at once, and a sender that dies leaves its claims to come due when the lease ends.
/// A failure is retried on <see cref="EmailRetrySchedule"/>, then left Failed for staff. Logs name the message, its
/// template and the error, never the model (it may hold a reset link) or the recipient.
/// </summary>
internal sealed class EmailSender(IServiceScopeFactory scopes, IMailTransport transport, TimeProvider clock, IOptions<EmailOptions> options,
    ILogger<EmailSender> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(clock, TimeSpan.FromSeconds(options.Value.PollSeconds), async ct => { while (await SendDueAsync(ct) > 0) { } },
            logger, "Email sending", stoppingToken);

    /// <summary>Claims one batch of due messages and sends it; answers how many it claimed.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EngineRoomDb>();
        var composer = scope.ServiceProvider.GetRequiredService<EmailComposer>();
        var (claimed, token) = await ClaimAsync(db, ct);
        foreach (var email in claimed)
        {
            try
            {
                await transport.SendAsync(composer.Compose(email), ct);
                var now = clock.GetUtcNow();
                // Sent: the model (which may hold a reset or verification link) is erased; who, what and when stay.
                await db.EmailMessages.Where(m => m.Id == email.Id && m.ClaimToken == token).ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Status, EmailStatus.Sent).SetProperty(m => m.SentAt, now).SetProperty(m => m.Model, (string?)null)
                    .SetProperty(m => m.ClaimToken, (Guid?)null).SetProperty(m => m.LastError, (string?)null), ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                await FailedAsync(db, email, token, e, ct);
            }
        }
        return claimed.Count;
    }

    private async Task FailedAsync(EngineRoomDb db, EmailMessage email, Guid token, Exception e, CancellationToken ct)
    {
        var retry = e is UndeliverableException ? null : EmailRetrySchedule.After(email.Attempts, options.Value);
        var error = Describe(e);
        var now = clock.GetUtcNow();
        if (retry is { } wait)
        {
            logger.LogWarning("Email {EmailId} ({Template}) failed on attempt {Attempt}; tried again in {Seconds:F0} s: {Error}",
                email.Id, email.Template, email.Attempts, wait.TotalSeconds, error);
            await db.EmailMessages.Where(m => m.Id == email.Id && m.ClaimToken == token).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.NextAttemptAt, now + wait).SetProperty(m => m.ClaimToken, (Guid?)null).SetProperty(m => m.LastError, error), ct);
            return;
        }
        logger.LogError("Email {EmailId} ({Template}) failed on attempt {Attempt} and is given up; staff see it as failed: {Error}",
            email.Id, email.Template, email.Attempts, error);
        var keep = EmailTemplates.HoldsSecret(email.Template) ? null : email.Model; // a dead reset link is of no use to staff
        await db.EmailMessages.Where(m => m.Id == email.Id && m.ClaimToken == token).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, EmailStatus.Failed).SetProperty(m => m.Model, keep).SetProperty(m => m.ClaimToken, (Guid?)null)
            .SetProperty(m => m.LastError, error), ct);
    }

    /// <summary>The error as stored and logged: its type and message (an SMTP reply, a socket error), one line, at most 500 characters.</summary>
    private static string Describe(Exception e)
    {
        var text = EmailComposer.Clean(e is MailKit.Net.Smtp.SmtpCommandException smtp
            ? $"SMTP {(int)smtp.StatusCode} ({smtp.ErrorCode}): {smtp.Message}" : $"{e.GetType().Name}: {e.Message}");
        return text.Length <= 500 ? text : text[..500];
    }

    private async Task<(List<EmailMessage> Claimed, Guid Token)> ClaimAsync(EngineRoomDb db, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var until = now.AddSeconds(options.Value.LeaseSeconds);
        var token = Guid.NewGuid();
        var batch = options.Value.BatchSize;
        var ids = await db.InTransactionAsync(async () =>
        {
            // SQLite has one writer at a time, so its plain read cannot hand the same rows to two claimers that both write.
            var candidates = db.Provider == DatabaseProvider.Postgres
                ? db.EmailMessages.FromSql($"""
                    SELECT * FROM email_messages WHERE "Status" = 'Pending' AND "NextAttemptAt" <= {now}
                    ORDER BY "NextAttemptAt" LIMIT {batch} FOR UPDATE SKIP LOCKED
                    """)
                : db.EmailMessages.Where(m => m.Status == EmailStatus.Pending && m.NextAttemptAt <= now).OrderBy(m => m.NextAttemptAt).Take(batch);
            var found = await candidates.Select(m => m.Id).ToListAsync(ct);
            if (found.Count == 0) return found;
            // Conditional as well: a message another sender claimed since our read is not taken again.
            await db.EmailMessages.Where(m => found.Contains(m.Id) && m.Status == EmailStatus.Pending && m.NextAttemptAt <= now)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimToken, token).SetProperty(m => m.NextAttemptAt, until)
                    .SetProperty(m => m.Attempts, m => m.Attempts + 1), ct);
            return found;
        }, rollback: _ => false, ct);
        if (ids.Count == 0) return ([], token);
        return (await db.EmailMessages.AsNoTracking().Where(m => ids.Contains(m.Id) && m.ClaimToken == token).OrderBy(m => m.CreatedAt).ToListAsync(ct), token);
    }
}
