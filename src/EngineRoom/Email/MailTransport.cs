using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace EngineRoom.Email;

/// <summary>Where a composed message goes: an SMTP server (<c>Smtp:Host</c>), or .eml files in a folder (the embedded default).</summary>
public interface IMailTransport
{
    Task SendAsync(MimeMessage message, CancellationToken ct);
}

/// <summary>MailKit, one connection per message, every step within <see cref="SmtpOptions.TimeoutSeconds"/>.</summary>
internal sealed class SmtpTransport(IOptions<SmtpOptions> options) : IMailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        var o = options.Value;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromSeconds(o.TimeoutSeconds));
        using var client = new SmtpClient { Timeout = o.TimeoutSeconds * 1000 };
        await client.ConnectAsync(o.Host!, o.Port, o.Security switch
        {
            SmtpSecurity.None => SecureSocketOptions.None,
            SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
            SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.Auto,
        }, limit.Token);
        if (!string.IsNullOrEmpty(o.UserName)) await client.AuthenticateAsync(o.UserName, o.Password ?? "", limit.Token);
        await client.SendAsync(message, limit.Token);
        await client.DisconnectAsync(quit: true, limit.Token);
    }
}

/// <summary>
/// The embedded default's "server": each message is a .eml file (any mail program opens it) in the folder, readable by
/// the server's user only, since a reset link is as good as a password for half an hour.
/// </summary>
internal sealed class PickupFolderTransport(string folder, TimeProvider clock) : IMailTransport
{
    public string Folder => folder;

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        if (!Directory.Exists(folder))
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
            else Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var name = $"{clock.GetUtcNow():yyyyMMdd-HHmmss}-{(message.MessageId ?? Guid.NewGuid().ToString("N")).Split('@')[0]}.eml";
        var temp = Path.Combine(folder, name + ".tmp");
        var file = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) file.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using (var stream = new FileStream(temp, file)) await message.WriteToAsync(stream, ct);
        File.Move(temp, Path.Combine(folder, name), overwrite: true); // whole files only: a reader never sees half a message
    }
}
