using EngineRoom.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EngineRoom.Catalog;

/// <summary>
/// A node of the category tree. <see cref="Path"/> is the chain of ids from the root ("/3/17/"), so "this category
/// and everything below it" is one indexed prefix match.
/// </summary>
public sealed class Category
{
    public long Id { get; private set; }
    public string Slug { get; private set; } = "";
    public string Name { get; private set; } = "";
    public long? ParentId { get; private set; }
    public string Path { get; private set; } = "/";
    public int Position { get; private set; }

    private Category() { }

    public static Category Create(string slug, string name, long? parentId, int position)
    {
        var category = new Category { ParentId = parentId };
        category.Update(slug, name, position);
        return category;
    }

    public void Update(string slug, string name, int position)
    {
        Slugs.Ensure(slug);
        (Slug, Name, Position) = (slug, name, position);
    }

    /// <summary>Sets the path once the id is known (after the first save) or after a move.</summary>
    public void PlaceUnder(Category? parent)
    {
        if (parent is not null && parent.Path.StartsWith(Path, StringComparison.Ordinal) && Path != "/")
            throw new BusinessRuleException("category_cycle", $"Category {Id} cannot be moved under its own subtree ({parent.Id}).");
        ParentId = parent?.Id;
        Path = $"{parent?.Path ?? "/"}{Id}/";
    }

    /// <summary>The ids from the root down to this category, read from <see cref="Path"/>.</summary>
    public IEnumerable<long> Lineage() => Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse);
}

internal sealed class CategoryConfiguration : IEntityTypeConfiguration<Category>
{
    public void Configure(EntityTypeBuilder<Category> category)
    {
        category.ToTable("catalog_categories");
        category.HasKey(c => c.Id);
        category.Property(c => c.Slug).HasMaxLength(200);
        category.HasIndex(c => c.Slug).IsUnique();
        category.Property(c => c.Name).HasMaxLength(200);
        category.Property(c => c.Path).HasMaxLength(400);
        category.HasIndex(c => c.Path);
        category.HasOne<Category>().WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}
