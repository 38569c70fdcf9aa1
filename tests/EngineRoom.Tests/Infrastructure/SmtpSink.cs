using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace EngineRoom.Tests.Infrastructure;

/// <summary>
/// A real SMTP server on loopback (the SmtpServer package) that keeps every message it accepts, parsed by MimeKit.
/// Point an app at it with <see cref="Configure"/>, read what arrived from <see cref="Messages"/> or <see cref="To"/>.
/// It can be told to fail the way real servers do:
/// <list type="bullet">
/// <item><see cref="GoDownAsync"/> stops listening (connections are refused) until <see cref="ComeBack"/>, on the same port;</item>
/// <item><see cref="Delay"/> holds each message this long before answering its DATA (a slow server, for client time-outs);</item>
/// <item><see cref="Refuse"/> answers 550 to RCPT TO for an address (a refused recipient).</item>
/// </list>
/// <code>
/// await using var sink = SmtpSink.Start();
/// builder.UseSetting(...); SmtpSink.Configure(builder, sink.Port);   // Smtp:Host=127.0.0.1, Smtp:Port, Smtp:Security=None
/// ... await Eventually.AssertAsync(() => Task.FromResult(sink.To("a@example.com").Count == 1), "the mail arrives");
/// </code>
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    public sealed record Received(IReadOnlyList<string> Recipients, MimeMessage Message)
    {
        public string Subject => Message.Subject ?? "";
        public string Text => Message.TextBody ?? "";
        public string Html => Message.HtmlBody ?? "";
    }

    private readonly ConcurrentQueue<Received> _messages = new();
    private readonly ConcurrentDictionary<string, bool> _refused = new(StringComparer.OrdinalIgnoreCase);
    private CancellationTokenSource _running = new();
    private Task _server = Task.CompletedTask;

    public int Port { get; }
    /// <summary>How long each message is held before the server answers its DATA.</summary>
    public TimeSpan Delay { get; set; }
    public IReadOnlyList<Received> Messages => _messages.ToArray();
    /// <summary>The messages whose envelope named this recipient.</summary>
    public IReadOnlyList<Received> To(string address) => Messages.Where(m => m.Recipients.Contains(address, StringComparer.OrdinalIgnoreCase)).ToList();

    private SmtpSink(int port) => Port = port;

    /// <summary>A sink listening on a free loopback port.</summary>
    public static SmtpSink Start()
    {
        var sink = new SmtpSink(FreePort());
        sink.Listen();
        return sink;
    }

    /// <summary>The settings that send an app's mail here, in plain SMTP.</summary>
    public static void Configure(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder, int port)
    {
        builder.UseSetting("Smtp:Host", "127.0.0.1");
        builder.UseSetting("Smtp:Port", port.ToString());
        builder.UseSetting("Smtp:Security", "None");
        builder.UseSetting("Smtp:From", "Test Shop <shop@tests.engineroom>");
    }

    public void Refuse(string address) => _refused[address] = true;
    public void Accept(string address) => _refused.TryRemove(address, out _);

    /// <summary>Stops listening: new connections are refused until <see cref="ComeBack"/>.</summary>
    public async Task GoDownAsync()
    {
        await _running.CancelAsync();
        try { await _server; } catch (OperationCanceledException) { }
    }

    public void ComeBack()
    {
        _running = new CancellationTokenSource();
        Listen();
    }

    private void Listen()
    {
        var options = new SmtpServerOptionsBuilder().ServerName("sink.tests.engineroom")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        services.Add(new Filter(this));
        _server = new SmtpServer.SmtpServer(options, services).StartAsync(_running.Token);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static string Address(IMailbox mailbox) => $"{mailbox.User}@{mailbox.Host}";

    private sealed class Store(SmtpSink sink) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer,
            CancellationToken ct)
        {
            if (sink.Delay > TimeSpan.Zero) await Task.Delay(sink.Delay, ct);
            var message = await MimeMessage.LoadAsync(new MemoryStream(buffer.ToArray()), ct);
            sink._messages.Enqueue(new Received(transaction.To.Select(Address).ToList(), message));
            return SmtpResponse.Ok;
        }
    }

    private sealed class Filter(SmtpSink sink) : MailboxFilter
    {
        public override Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken ct) =>
            Task.FromResult(!sink._refused.ContainsKey(Address(to)));
    }

    public async ValueTask DisposeAsync()
    {
        await GoDownAsync();
        _running.Dispose();
    }
}
