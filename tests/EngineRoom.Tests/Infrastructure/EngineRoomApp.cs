using System.Net.Http.Headers;
using System.Net.Http.Json;
using EngineRoom.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace EngineRoom.Tests.Infrastructure;

/// <summary>
/// The real server, in memory, on a real database of one provider. One per provider per test run; every test makes
/// its own data (unique emails, SKUs, slugs), so tests never depend on one another's rows.
/// </summary>
public abstract class EngineRoomApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);
    public SqlCounter Sql { get; } = new();
    public OutboxRecorder Outbox { get; } = new();
    public CommitFaults Faults { get; } = new();
    /// <summary>The SMTP server this app sends its mail to (a real one, on loopback).</summary>
    public SmtpSink Smtp { get; } = SmtpSink.Start();
    public AccountMailbox Mail => new(this);
    public abstract DatabaseProvider Provider { get; }
    protected abstract Task<string> PrepareDatabaseAsync();
    protected abstract void UseDatabase(IWebHostBuilder builder);

    public const string AdminEmail = "admin@tests.engineroom";
    public const string AdminPassword = "admin-password-for-tests";

    public async Task InitializeAsync()
    {
        await PrepareDatabaseAsync();
        StartServer(); // start now: migrations and the bootstrap admin run once, before the first test
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    /// <summary>Where mail goes when a test app has no SMTP server: a temp folder of its own, never the source tree.</summary>
    public string MailFolder { get; } = Path.Combine(Path.GetTempPath(), $"engineroom-mail-{Guid.NewGuid():N}");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
        try { if (Directory.Exists(MailFolder)) Directory.Delete(MailFolder, recursive: true); } catch (IOException) { }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        SmtpSink.Configure(builder, Smtp.Port); // first, so an app of a test's own may send elsewhere
        UseDatabase(builder);
        builder.UseSetting("Database:MigrateOnStartup", "true");
        builder.UseSetting("Seed:DemoCatalog", "false");
        builder.UseSetting("Email:PickupDirectory", MailFolder);
        builder.UseSetting("Auth:SigningKey", Convert.ToBase64String("engineroom-tests-signing-key-0123456789abcdef"u8));
        builder.UseSetting("Auth:RequestsPerMinute", "100000");
        foreach (var limit in new[] { "CartsPerMinute", "BuyNowPerMinute", "DiscountCodesPerMinute", "DiscountCodesPerCartPerMinute" })
            builder.UseSetting($"RateLimits:{limit}", "100000"); // RateLimitTests turn them down on an app of their own
        builder.UseSetting("Customers:MailPerAddressPerHour", "100000"); // PasswordResetTests turn them down on an app of their own
        builder.UseSetting("Customers:MailPerClientPerHour", "100000");
        builder.UseSetting("GraphQL:BudgetMaximum", "1000000000"); // GraphQL's cost budget (GraphQLLimitTests turn it down on an app of their own)
        builder.UseSetting("Auth:PasswordHasher:IterationCount", "1000"); // fast hashes in tests; production keeps the default
        builder.UseSetting("Bootstrap:AdminEmail", AdminEmail);
        builder.UseSetting("Bootstrap:AdminPassword", AdminPassword);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>(Sql);
            services.AddHttpContextAccessor(); // lets the SqlCounter tell a request's statements from background work
            services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>(Faults);
            services.AddSingleton<EngineRoom.Common.Outbox.IOutboxHandler>(Outbox);
        });
    }

    /// <summary>Where a server started with <c>UseKestrel</c> listens (a real loopback port a browser can reach).</summary>
    protected static Uri ListeningAddress(EngineRoomApp app)
    {
        var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First().Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1"));
    }

    /// <summary>The sandbox payment provider's own books (kept outside the shop's database).</summary>
    public EngineRoom.Payments.Sandbox.SandboxStore Sandbox => Services.GetRequiredService<EngineRoom.Payments.Sandbox.SandboxStore>();

    /// <summary>A scope for looking straight at the database in assertions.</summary>
    public async Task<T> QueryAsync<T>(Func<EngineRoomDb, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<EngineRoomDb>());
    }

    public async Task<HttpClient> SignedInClientAsync(string email, string password)
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/auth/token", new { email, password });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenPair>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return client;
    }

    public Task<HttpClient> AdminClientAsync() => SignedInClientAsync(AdminEmail, AdminPassword);

    /// <summary>Registers a fresh customer and signs it in.</summary>
    public async Task<HttpClient> CustomerClientAsync(string? email = null)
    {
        email ??= $"customer-{Guid.NewGuid():N}@example.com";
        var response = await CreateClient().PostAsJsonAsync("/auth/register", new { email, password = "correct horse battery", name = "Test Customer" });
        response.EnsureSuccessStatusCode();
        return await SignedInClientAsync(email, "correct horse battery");
    }

    /// <summary>Creates a staff account through the admin API and signs it in.</summary>
    public async Task<HttpClient> StaffClientAsync()
    {
        var admin = await AdminClientAsync();
        var email = $"staff-{Guid.NewGuid():N}@example.com";
        var response = await admin.PostAsJsonAsync("/admin/staff", new { email, name = "Test Staff", password = "staff password 1", role = "staff" });
        response.EnsureSuccessStatusCode();
        return await SignedInClientAsync(email, "staff password 1");
    }

    public sealed record TokenPair(string AccessToken, string RefreshToken, string TokenType, int ExpiresIn);
}

public class SqliteApp : EngineRoomApp
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), $"engineroom-test-{Guid.NewGuid():N}");
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
    protected override Task<string> PrepareDatabaseAsync() => Task.FromResult(_dataDir);

    protected override void UseDatabase(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:Provider", "sqlite");
        builder.UseSetting("DataDirectory", _dataDir);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }
}

public class PostgresApp : EngineRoomApp
{
    private string? _connectionString;
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
    protected override async Task<string> PrepareDatabaseAsync() => _connectionString = await PostgresServer.CreateDatabaseAsync();

    protected override void UseDatabase(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:Provider", "postgres");
        builder.UseSetting("ConnectionStrings:Postgres", _connectionString);
    }
}

[CollectionDefinition(Name)]
public sealed class SqliteCollection : ICollectionFixture<SqliteApp> { public const string Name = "sqlite"; }

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresApp> { public const string Name = "postgres"; }
