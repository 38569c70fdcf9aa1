// Shared by the bench harness and the tests (linked into both): a loopback TCP proxy between a server and its database
// that can cut the line, to see what the server does when the database goes away and comes back.
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

/// <summary>How <see cref="FaultProxy.Cut"/> breaks the line.</summary>
public enum CutMode
{
    /// <summary>Every open connection is reset (RST to both ends); new ones are accepted and reset at once.</summary>
    Reset,
    /// <summary>Nothing is closed: bytes stop flowing both ways on every connection, old and new, until the cut ends.</summary>
    Blackhole,
}

/// <summary>
/// Listens on a free loopback port and forwards each connection to the target. <see cref="Cut"/> breaks every
/// connection in the chosen way until <see cref="Restore"/>; after a blackhole the stalled bytes flow on, as after a
/// network partition heals.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly ConcurrentDictionary<int, (Socket Client, Socket Server)> _open = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private TaskCompletionSource _flowing = Flowing();
    private CutMode? _cut;
    private int _next;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public int OpenConnections => _open.Count;
    public bool IsCut => _cut is not null;

    public FaultProxy(string targetHost, int targetPort)
    {
        _target = new IPEndPoint(IPAddress.Parse(targetHost == "localhost" ? "127.0.0.1" : targetHost), targetPort);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public void Cut(CutMode mode)
    {
        _cut = mode;
        if (mode == CutMode.Blackhole) { if (_flowing.Task.IsCompleted) _flowing = new(TaskCreationOptions.RunContinuationsAsynchronously); }
        else foreach (var id in _open.Keys) Drop(id);
    }

    public void Restore()
    {
        _cut = null;
        _flowing.TrySetResult();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try { client = await _listener.AcceptSocketAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        client.NoDelay = true;
        if (_cut == CutMode.Reset) { Abort(client); return; }
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try { await server.ConnectAsync(_target, _stop.Token); }
        catch (Exception) { Abort(client); server.Dispose(); return; }
        var id = Interlocked.Increment(ref _next);
        _open[id] = (client, server);
        if (_cut == CutMode.Reset) { Drop(id); return; } // cut while we connected
        await Task.WhenAll(PumpAsync(client, server), PumpAsync(server, client));
        Drop(id);
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0) { to.Shutdown(SocketShutdown.Send); return; }
                await _flowing.Task.WaitAsync(_stop.Token); // a blackhole holds the bytes here; TCP then stalls the sender
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException) { }
    }

    private void Drop(int id)
    {
        if (!_open.TryRemove(id, out var pair)) return;
        Abort(pair.Client);
        Abort(pair.Server);
    }

    /// <summary>Closes with linger 0, so the peer gets a reset rather than an orderly end of stream.</summary>
    private static void Abort(Socket socket)
    {
        try { socket.LingerState = new LingerOption(true, 0); } catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        socket.Dispose();
    }

    private static TaskCompletionSource Flowing()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        foreach (var id in _open.Keys) Drop(id);
        await _accepting;
        _stop.Dispose();
    }
}
