using System.Reflection;
using System.Text.RegularExpressions;
using EngineRoom.Checkout;
using EngineRoom.Common;
using EngineRoom.Customers.Tokens;
using EngineRoom.Inventory;
using EngineRoom.Payments;
using YamlDotNet.RepresentationModel;

namespace EngineRoom.Tests.Deployment;

/// <summary>
/// Docker and Kubernetes are not available where this is built, so the deployment files are checked here instead of by
/// running them: they parse, they set only settings the server really reads, and they wire the services together.
/// </summary>
public sealed partial class DeploymentFilesTests
{
    private static readonly string Root = FindRoot();
    private static readonly string[] KnownSections =
        ["Database", "ConnectionStrings", "Auth", "Bootstrap", "Store", "Payments", "Inventory", "Checkout", "Limits", "Seed",
         "RateLimits", "Cors", "Telemetry", "ApiKeys"];
    private const string Image = "engineroom:latest";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EngineRoom.slnx"))) return dir.FullName;
        throw new InvalidOperationException("EngineRoom.slnx not found above " + AppContext.BaseDirectory);
    }

    private static string Read(string relative) => File.ReadAllText(Path.Combine(Root, relative));

    private static IEnumerable<string> YamlFiles() =>
        new[] { Path.Combine(Root, "docker-compose.yml") }
            .Concat(Directory.GetFiles(Path.Combine(Root, "deploy", "k8s"), "*.yaml").Order());

    private static List<YamlDocument> Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(path));
        stream.Load(reader);
        return stream.Documents.ToList();
    }

    private static YamlMappingNode LoadSingle(string relative) => (YamlMappingNode)Load(Path.Combine(Root, relative)).Single().RootNode;

    // ---- the configuration keys the server reads ----

    private static string ServerSources() => string.Join("\n",
        Directory.GetFiles(Path.Combine(Root, "src", "EngineRoom"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}")
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Select(File.ReadAllText));

    [GeneratedRegex("""(?:config(?:uration)?\[|GetValue(?:<[^>]+>)?\(|GetSection\()\s*"([A-Za-z0-9:]+)"\s*[\],)]""")]
    private static partial Regex LiteralKey();

    [GeneratedRegex("""GetConnectionString\(\s*"([A-Za-z0-9]+)"\s*\)""")]
    private static partial Regex ConnectionStringName();

    /// <summary>Options classes and the section they are bound to; the binding itself is checked in the sources.</summary>
    private static readonly (string Section, Type Options)[] BoundOptions =
    [
        ("Auth", typeof(AuthOptions)), ("Inventory", typeof(InventoryOptions)), ("Checkout", typeof(CheckoutOptions)),
        ("Payments", typeof(PaymentOptions)), ("Store", typeof(StoreOptions)), ("RateLimits", typeof(EngineRoom.Common.RateLimitOptions)),
        ("ApiKeys", typeof(EngineRoom.Customers.ApiKeys.ApiKeyOptions)),
    ];

    private static HashSet<string> KeysTheServerReads()
    {
        var sources = ServerSources();
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match m in LiteralKey().Matches(sources)) keys.Add(m.Groups[1].Value);
        foreach (Match m in ConnectionStringName().Matches(sources)) keys.Add("ConnectionStrings:" + m.Groups[1].Value);
        foreach (var (section, type) in BoundOptions)
        {
            var name = Regex.Escape(type.Name);
            var bound = new Regex($"""Configure<{name}>\(\s*\w+\.GetSection\("{section}"\)\)|AddOptions<{name}>\(\)\s*\.BindConfiguration\("{section}"\)""");
            Assert.True(bound.IsMatch(sources), $"{type.Name} is no longer bound to the \"{section}\" section");
            foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
                keys.Add($"{section}:{p.Name}");
        }
        return keys;
    }

    [Fact]
    public void The_key_scan_finds_the_settings_the_readme_documents()
    {
        var keys = KeysTheServerReads();
        foreach (var key in new[]
                 {
                     "Database:Provider", "ConnectionStrings:Postgres", "Database:MigrateOnStartup", "Auth:SigningKey",
                     "Bootstrap:AdminEmail", "Bootstrap:AdminPassword", "Store:Currency", "Payments:CaptureMode",
                     "Inventory:ReservationMinutes", "Checkout:RecoverAfterSeconds", "Limits:MaxRequestBodyBytes", "Seed:DemoCatalog",
                     "RateLimits:BuyNowPerMinute", "Cors:StoreOrigins", "Cors:AdminOrigins", "Limits:MaxUrlBytes", "Telemetry:MetricsNetworks",
                     "ApiKeys:RequestsPerMinute",
                 })
            Assert.Contains(key, keys);
        Assert.DoesNotContain("Database:NoSuchSetting", keys);
    }

    // ---- YAML ----

    [Fact]
    public void Every_yaml_file_parses()
    {
        var files = YamlFiles().ToList();
        Assert.True(files.Count >= 6, "expected docker-compose.yml and the Kubernetes manifests");
        foreach (var file in files)
        {
            var documents = Load(file);
            Assert.NotEmpty(documents);
            Assert.All(documents, d => Assert.IsType<YamlMappingNode>(d.RootNode));
        }
    }

    /// <summary>Environment variable names anywhere in a document: mapping keys, "NAME=value" list items, and k8s "name:" entries.</summary>
    private static IEnumerable<string> EnvironmentNames(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.SelectMany(e =>
            (e.Key is YamlScalarNode { Value: { } k } ? [k] : Array.Empty<string>())
            .Concat(e.Key is YamlScalarNode { Value: "name" } && e.Value is YamlScalarNode { Value: { } n } ? [n] : [])
            .Concat(EnvironmentNames(e.Value))),
        YamlSequenceNode seq => seq.Children.SelectMany(c =>
            c is YamlScalarNode { Value: { } s } && s.Contains('=') ? [s[..s.IndexOf('=')]] : EnvironmentNames(c)),
        _ => [],
    };

    private static bool IsServerSetting(string name) => KnownSections.Any(s => name.StartsWith(s + "__", StringComparison.Ordinal));

    [Fact]
    public void Every_setting_in_compose_and_kubernetes_is_one_the_server_reads()
    {
        var keys = KeysTheServerReads();
        var found = new List<(string File, string Name)>();
        foreach (var file in YamlFiles())
            foreach (var document in Load(file))
                found.AddRange(EnvironmentNames(document.RootNode).Where(IsServerSetting).Distinct().Select(n => (Path.GetFileName(file), n)));

        Assert.Contains(found, f => f.File == "docker-compose.yml");
        Assert.Contains(found, f => f.File == "configmap.yaml");
        Assert.Contains(found, f => f.File == "secret.example.yaml");
        var unknown = found.Where(f => !keys.Contains(f.Name.Replace("__", ":"))).Select(f => $"{f.File}: {f.Name}").ToList();
        Assert.True(unknown.Count == 0, "settings the server does not read: " + string.Join(", ", unknown));
    }

    // ---- docker compose ----

    /// <summary>A mapping with its YAML merge keys (<c>&lt;&lt;: *anchor</c>) applied, as docker compose reads it.</summary>
    private static Dictionary<string, YamlNode> Effective(YamlMappingNode map)
    {
        var result = new Dictionary<string, YamlNode>();
        if (map.Children.TryGetValue(new YamlScalarNode("<<"), out var merge))
            foreach (var source in merge is YamlSequenceNode s ? s.Children.Cast<YamlMappingNode>() : [(YamlMappingNode)merge])
                foreach (var (k, v) in Effective(source)) result[k] = v;
        foreach (var (k, v) in map.Children)
            if (((YamlScalarNode)k).Value is { } key and not "<<") result[key] = v;
        return result;
    }

    private static string Scalar(YamlNode node) => ((YamlScalarNode)node).Value ?? "";

    private static Dictionary<string, string> Environment(Dictionary<string, YamlNode> service) =>
        service["environment"] switch
        {
            YamlMappingNode map => Effective(map).ToDictionary(e => e.Key, e => Scalar(e.Value)),
            YamlSequenceNode seq => seq.Children.Select(Scalar).Select(s => s.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : ""),
            _ => throw new InvalidOperationException("environment must be a mapping or a list"),
        };

    private static Dictionary<string, Dictionary<string, YamlNode>> ComposeServices() =>
        ((YamlMappingNode)LoadSingle("docker-compose.yml")["services"]).Children
            .ToDictionary(e => Scalar(e.Key), e => Effective((YamlMappingNode)e.Value));

    [Fact]
    public void Compose_runs_the_migration_then_two_instances_on_postgres_behind_nginx()
    {
        var services = ComposeServices();
        Assert.Equal(["engineroom1", "engineroom2", "migrate", "nginx", "postgres"], services.Keys.Order());

        foreach (var name in new[] { "migrate", "engineroom1", "engineroom2" })
        {
            var service = services[name];
            Assert.Equal(Image, Scalar(service["image"]));
            var env = Environment(service);
            Assert.Equal("postgres", env["Database__Provider"]);
            Assert.Equal("false", env["Database__MigrateOnStartup"]);
            // Secrets come from the caller's environment, with no default (${VAR:?message}).
            Assert.Matches(@"^\$\{[A-Z_]+:\?[^}]*\}$", env["Auth__SigningKey"]);
            Assert.Matches(@"^\$\{[A-Z_]+:\?[^}]*\}$", env["Bootstrap__AdminPassword"]);
            Assert.Contains("Host=postgres", env["ConnectionStrings__Postgres"]);
            Assert.Matches(@"Password=\$\{[A-Z_]+:\?[^}]*\}", env["ConnectionStrings__Postgres"]);
        }

        Assert.Equal(["migrate"], ((YamlSequenceNode)services["migrate"]["command"]).Children.Select(Scalar));
        Assert.Equal("no", Scalar(services["migrate"]["restart"]));
        Assert.Equal("service_healthy", Scalar(((YamlMappingNode)services["migrate"]["depends_on"])["postgres"]["condition"]));
        foreach (var name in new[] { "engineroom1", "engineroom2" })
            Assert.Equal("service_completed_successfully", Scalar(((YamlMappingNode)services[name]["depends_on"])["migrate"]["condition"]));

        var postgres = services["postgres"];
        Assert.Equal("postgres:15", Scalar(postgres["image"]));
        Assert.Contains("pg_isready", string.Join(" ", ((YamlSequenceNode)postgres["healthcheck"]["test"]).Children.Select(Scalar)));

        var nginx = services["nginx"];
        Assert.Equal("nginx:stable", Scalar(nginx["image"]));
        Assert.Contains("8080:80", ((YamlSequenceNode)nginx["ports"]).Children.Select(Scalar));
        Assert.Contains(((YamlSequenceNode)nginx["volumes"]).Children.Select(Scalar), v => v.StartsWith("./deploy/nginx/nginx.conf:/etc/nginx/nginx.conf"));
    }

    [Fact]
    public void Nginx_balances_over_both_compose_instances_and_forwards_the_client()
    {
        var conf = Read("deploy/nginx/nginx.conf");
        Assert.Matches(@"upstream\s+engineroom\s*\{[^}]*least_conn;[^}]*server\s+engineroom1:8080[^}]*server\s+engineroom2:8080[^}]*keepalive\s+\d+;", conf);
        Assert.Contains("proxy_pass http://engineroom;", conf);
        foreach (var header in new[] { "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host" })
            Assert.Matches($@"proxy_set_header\s+{header}\s+\$", conf);
        Assert.Contains("client_max_body_size 1m;", conf);
    }

    // ---- Kubernetes ----

    [Fact]
    public void Kubernetes_deployment_uses_the_configmap_and_secret_and_probes_the_health_endpoints()
    {
        var configMap = LoadSingle("deploy/k8s/configmap.yaml");
        var secret = LoadSingle("deploy/k8s/secret.example.yaml");
        var deployment = LoadSingle("deploy/k8s/deployment.yaml");
        var configName = Scalar(configMap["metadata"]["name"]);
        var secretName = Scalar(secret["metadata"]["name"]);

        var config = ((YamlMappingNode)configMap["data"]).Children.ToDictionary(e => Scalar(e.Key), e => Scalar(e.Value));
        var secrets = ((YamlMappingNode)secret["stringData"]).Children.ToDictionary(e => Scalar(e.Key), e => Scalar(e.Value));
        Assert.Equal("postgres", config["Database__Provider"]);
        Assert.Equal("false", config["Database__MigrateOnStartup"]);
        foreach (var key in new[] { "Auth__SigningKey", "ConnectionStrings__Postgres", "Bootstrap__AdminEmail", "Bootstrap__AdminPassword" })
        {
            Assert.Contains(key, secrets.Keys);
            Assert.DoesNotContain(key, config.Keys); // secrets never sit in the ConfigMap
        }

        var spec = deployment["spec"];
        Assert.Equal("2", Scalar(spec["replicas"]));
        var pod = spec["template"]["spec"];
        Assert.Equal("true", Scalar(pod["securityContext"]["runAsNonRoot"]));
        var container = (YamlMappingNode)((YamlSequenceNode)pod["containers"]).Children.Single();
        Assert.Equal(Image, Scalar(container["image"]));
        AssertEnvFrom(container, configName, secretName);
        Assert.Equal("/health/ready", Scalar(container["readinessProbe"]["httpGet"]["path"]));
        Assert.Equal("/health/live", Scalar(container["livenessProbe"]["httpGet"]["path"]));
        Assert.True(((YamlMappingNode)container["resources"]).Children.ContainsKey(new YamlScalarNode("requests")));
        Assert.Equal("8080", Scalar(((YamlSequenceNode)container["ports"]).Children.Single()["containerPort"]));

        // The probed paths are the ones the server maps.
        var program = Read("src/EngineRoom/Program.cs");
        Assert.Contains("MapHealthChecks(\"/health/ready\"", program);
        Assert.Contains("MapHealthChecks(\"/health/live\"", program);

        // The Service selects the Deployment's pods.
        var service = LoadSingle("deploy/k8s/service.yaml");
        var podLabels = ((YamlMappingNode)spec["template"]["metadata"]["labels"]).Children.ToDictionary(e => Scalar(e.Key), e => Scalar(e.Value));
        foreach (var (k, v) in (YamlMappingNode)service["spec"]["selector"])
            Assert.Equal(Scalar(v), podLabels[Scalar(k)]);
    }

    [Fact]
    public void Kubernetes_migration_job_runs_the_migrate_command_with_the_same_image_and_settings()
    {
        var job = LoadSingle("deploy/k8s/migration-job.yaml");
        Assert.Equal("Job", Scalar(job["kind"]));
        var pod = job["spec"]["template"]["spec"];
        Assert.Equal("Never", Scalar(pod["restartPolicy"]));
        var container = (YamlMappingNode)((YamlSequenceNode)pod["containers"]).Children.Single();
        Assert.Equal(Image, Scalar(container["image"]));
        Assert.Equal(["migrate"], ((YamlSequenceNode)container["args"]).Children.Select(Scalar));
        AssertEnvFrom(container, Scalar(LoadSingle("deploy/k8s/configmap.yaml")["metadata"]["name"]),
            Scalar(LoadSingle("deploy/k8s/secret.example.yaml")["metadata"]["name"]));
        Assert.Contains("args.Contains(\"migrate\")", Read("src/EngineRoom/Program.cs"));
    }

    private static void AssertEnvFrom(YamlMappingNode container, string configMap, string secret)
    {
        var refs = ((YamlSequenceNode)container["envFrom"]).Children.Cast<YamlMappingNode>().ToList();
        Assert.Contains(refs, r => r.Children.TryGetValue(new YamlScalarNode("configMapRef"), out var c) && Scalar(c["name"]) == configMap);
        Assert.Contains(refs, r => r.Children.TryGetValue(new YamlScalarNode("secretRef"), out var s) && Scalar(s["name"]) == secret);
    }

    // ---- Dockerfile ----

    [Fact]
    public void Dockerfile_builds_with_the_sdk_and_runs_non_root_on_8080()
    {
        var dockerfile = Read("Dockerfile");
        Assert.Contains("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", dockerfile);
        Assert.Contains("FROM mcr.microsoft.com/dotnet/aspnet:10.0", dockerfile);
        Assert.Matches(@"dotnet publish src/EngineRoom -c Release -o /app", dockerfile);
        Assert.Matches(@"(?m)^USER app$", dockerfile);
        Assert.Matches(@"(?m)^EXPOSE 8080$", dockerfile);
        Assert.Contains("ASPNETCORE_URLS=http://+:8080", dockerfile);
        Assert.Contains("/health/live", dockerfile);
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"EngineRoom.dll\"]", dockerfile);
        // Every file the restore layer copies exists where it says.
        foreach (Match copy in Regex.Matches(dockerfile, @"(?m)^COPY (?!--from)(.+) \S+$"))
            foreach (var source in copy.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                Assert.True(File.Exists(Path.Combine(Root, source)) || Directory.Exists(Path.Combine(Root, source)), $"Dockerfile copies a missing {source}");
    }
}
