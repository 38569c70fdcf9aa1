using System.Reflection;
using System.Text.RegularExpressions;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Tests.Architecture;

/// <summary>
/// Modules own their tables and depend on one another in one direction only (STYLE.md, habits 8 and 17). Read from the
/// source: a module folder's code that names another module's DbSet fails here, and so does a cycle in which modules
/// name one another. Common is the shared kernel (money, problems, the outbox and audit appends) and may be named by all.
/// </summary>
public sealed class ModuleBoundaryTests
{
    private static readonly string Source = Path.Combine(RepositoryRoot(), "src", "EngineRoom");

    private static readonly string[] Modules =
        Directory.GetDirectories(Source).Select(Path.GetFileName).Where(m => m is not ("Common" or "Data" or "Properties" or "bin" or "obj")).ToArray()!;

    /// <summary>Each DbSet of the context and the module that owns it, from its entity's namespace (EngineRoom.{Module}...).</summary>
    private static readonly Dictionary<string, string> Owners = typeof(EngineRoomDb).GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(DbSet<>))
        .ToDictionary(p => p.Name, p => p.PropertyType.GetGenericArguments()[0].Namespace!.Split('.')[1]);

    private static IEnumerable<(string Module, string File, string Text)> Files() =>
        Modules.SelectMany(m => Directory.EnumerateFiles(Path.Combine(Source, m), "*.cs", SearchOption.AllDirectories)
            .Select(f => (m, Path.GetRelativePath(Source, f), File.ReadAllText(f))));

    [Fact]
    public void Every_DbSet_belongs_to_a_module_folder_or_Common()
    {
        Assert.NotEmpty(Owners);
        Assert.All(Owners, o => Assert.True(Modules.Contains(o.Value) || o.Value == "Common", $"{o.Key} is owned by '{o.Value}', which is no module folder"));
    }

    [Fact]
    public void No_module_names_another_modules_DbSet()
    {
        var access = new Regex(@"\b\w*(?:db|Db)\s*\.\s*(\w+)\b");
        var violations = Files().SelectMany(f => access.Matches(f.Text)
                .Select(m => m.Groups[1].Value)
                .Where(set => Owners.TryGetValue(set, out var owner) && owner != f.Module && owner != "Common")
                .Distinct()
                .Select(set => $"{f.File} uses {set} (owned by {Owners[set]})"))
            .ToList();
        Assert.True(violations.Count == 0, "Ask the owning module through its public face instead:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void Modules_depend_on_one_another_without_cycles()
    {
        var edges = Modules.ToDictionary(m => m, _ => new SortedSet<string>());
        foreach (var (module, _, text) in Files())
            foreach (var other in Modules.Where(o => o != module && Names(text, o)))
                edges[module].Add(other);

        var cycles = new List<string>();
        foreach (var start in Modules)
            Walk(start, [start], edges, cycles);
        Assert.True(cycles.Count == 0, "Module dependency cycles:\n" + string.Join("\n", cycles.Distinct()));
    }

    // A module names another by its namespace (using EngineRoom.Carts; EngineRoom.Carts.X) or a qualified name (Carts.CartMerge).
    private static bool Names(string text, string module) =>
        Regex.IsMatch(text, $@"\bEngineRoom\.{module}\b") || Regex.IsMatch(text, $@"(?<![\w.]){module}\.[A-Z]\w*");

    private static void Walk(string node, List<string> path, Dictionary<string, SortedSet<string>> edges, List<string> cycles)
    {
        foreach (var next in edges[node])
        {
            if (next == path[0]) cycles.Add(string.Join(" -> ", path.Append(next)));
            else if (!path.Contains(next) && string.CompareOrdinal(next, path[0]) > 0) Walk(next, [.. path, next], edges, cycles);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EngineRoom.slnx"))) return dir.FullName;
        throw new InvalidOperationException("EngineRoom.slnx not found above " + AppContext.BaseDirectory);
    }
}
