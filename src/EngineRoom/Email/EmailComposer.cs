using EngineRoom.Common;
using Microsoft.Extensions.Options;
using MimeKit;

namespace EngineRoom.Email;

/// <summary>A message that cannot be sent however often it is tried (an address that is not one): given up at once.</summary>
internal sealed class UndeliverableException(string message) : Exception(message);

/// <summary>
/// A queued message as MIME: From, To, Subject, a text and an HTML part. Header injection cannot happen: every control
/// character (CR and LF among them) in a display name or subject becomes a space before MimeKit encodes the header,
/// and the recipient must parse as exactly one address.
/// </summary>
internal sealed class EmailComposer(EmailTemplates templates, IOptions<SmtpOptions> smtp, IOptions<StoreOptions> store)
{
    public MimeMessage Compose(EmailMessage email)
    {
        var rendered = templates.Render(email.Template, email.ReadModel());
        if (email.Recipient.Any(char.IsControl) || !MailboxAddress.TryParse(email.Recipient, out var to) || to.Address != email.Recipient)
            throw new UndeliverableException("The recipient is not one email address.");
        var message = new MimeMessage { Subject = Clean(rendered.Subject), MessageId = $"{email.Id:N}@engineroom" };
        message.From.Add(smtp.Value.From is { Length: > 0 } from ? MailboxAddress.Parse(from) : new MailboxAddress(Clean(store.Value.Name), "no-reply@localhost"));
        message.To.Add(new MailboxAddress(Clean(email.RecipientName ?? ""), to.Address));
        message.Body = new BodyBuilder { TextBody = rendered.Text, HtmlBody = rendered.Html }.ToMessageBody();
        return message;
    }

    public static string Clean(string header) => string.Concat(header.Select(c => char.IsControl(c) ? ' ' : c)).Trim();
}
