using System.Diagnostics;
using System.Text.RegularExpressions;

/// <summary>One EngineRoom server process (the Release build), on its own port.</summary>
sealed class ServerInstance : IDisposable
{
    private readonly Process _process;
    private readonly StringWriter _log = new();
    public int Port { get; }
    public int Pid => _process.Id;
    public bool Killed { get; private set; }
    public long MaxRssBytes { get; private set; }

    private ServerInstance(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public static async Task<ServerInstance> StartAsync(string serverDll, IEnumerable<string> settings)
    {
        var port = Ports.Free();
        var start = new ProcessStartInfo("dotnet", [serverDll, $"--urls=http://127.0.0.1:{port}", "--Email:Enabled=false", .. settings]) // no SMTP server here (docs/email.md)
        {
            WorkingDirectory = Path.GetDirectoryName(serverDll)!, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        var instance = new ServerInstance(Process.Start(start)!, port);
        instance._process.OutputDataReceived += (_, e) => { lock (instance._log) instance._log.WriteLine(e.Data); };
        instance._process.ErrorDataReceived += (_, e) => { lock (instance._log) instance._log.WriteLine(e.Data); };
        instance._process.BeginOutputReadLine();
        instance._process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (instance._process.HasExited) throw new InvalidOperationException($"The server stopped:\n{instance.Log}");
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{port}/health/ready")).IsSuccessStatusCode) return instance;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The server was not ready within 60 s:\n{instance.Log}");
    }

    public string Log { get { lock (_log) return _log.ToString(); } }

    public void SampleMemory()
    {
        if (!Killed) MaxRssBytes = Math.Max(MaxRssBytes, ProcStats.RssBytes(Pid));
    }

    /// <summary>SIGKILL: no shutdown hooks, no draining; in-flight requests and transactions are cut off.</summary>
    public void KillHard()
    {
        Killed = true;
        Process.Start("kill", ["-9", Pid.ToString()])!.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}

/// <summary>
/// nginx in front of the instances, with the repository's <c>deploy/nginx/nginx.conf</c>: the upstream servers point at
/// the local ports, it listens on a free port, and access logging is off (it would cost CPU the servers need).
/// </summary>
sealed class Nginx : IAsyncDisposable
{
    private readonly string _prefix, _conf;
    public int Port { get; }

    private Nginx(string prefix, string conf, int port)
    {
        _prefix = prefix;
        _conf = conf;
        Port = port;
    }

    public static async Task<Nginx> StartAsync(string repoRoot, IEnumerable<int> upstreamPorts)
    {
        var prefix = Directory.CreateTempSubdirectory("engineroom-bench-nginx-").FullName;
        var port = Ports.Free();
        var conf = Configure(await File.ReadAllTextAsync(Path.Combine(repoRoot, "deploy", "nginx", "nginx.conf")), upstreamPorts, port);
        var path = Path.Combine(prefix, "nginx.conf");
        await File.WriteAllTextAsync(path, conf);
        var nginx = new Nginx(prefix, path, port);
        await nginx.RunAsync([]);
        return nginx;
    }

    /// <summary>The repository's configuration with local upstreams and port; throws if its shape changed.</summary>
    public static string Configure(string conf, IEnumerable<int> upstreamPorts, int port)
    {
        var servers = new Regex(@"(?m)^(\s*)server engineroom\d:8080( [^;]*);\n");
        var first = servers.Match(conf);
        if (!first.Success || !conf.Contains("listen 80;") || !conf.Contains("access_log /dev/stdout;"))
            throw new InvalidOperationException("deploy/nginx/nginx.conf changed shape; update Nginx.Configure.");
        var upstreams = string.Concat(upstreamPorts.Select(p => $"{first.Groups[1].Value}server 127.0.0.1:{p}{first.Groups[2].Value};\n"));
        conf = servers.Replace(conf, m => m.Index == first.Index ? upstreams : "");
        return conf.Replace("listen 80;", $"listen 127.0.0.1:{port};").Replace("access_log /dev/stdout;", "access_log off;");
    }

    public async ValueTask DisposeAsync()
    {
        try { await RunAsync(["-s", "stop"]); }
        finally { Directory.Delete(_prefix, recursive: true); }
    }

    private async Task RunAsync(string[] extra)
    {
        var start = new ProcessStartInfo("nginx", ["-p", _prefix, "-c", _conf, "-g", $"pid {_prefix}/nginx.pid;", .. extra])
        {
            RedirectStandardError = true, RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"nginx {string.Join(' ', extra)} failed: {await error}");
    }
}
