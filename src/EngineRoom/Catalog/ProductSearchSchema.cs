using Microsoft.EntityFrameworkCore.Migrations;

namespace EngineRoom.Catalog;

/// <summary>
/// The full-text index behind <c>GET /store/products?q=</c>, as raw DDL because EF has no model for it. A migration
/// calls <see cref="Create"/> once; regenerating migrations means adding that call back. Name weighs most, then the
/// short description and description. PostgreSQL: a generated tsvector with a GIN index. SQLite: an external-content
/// FTS5 table (no second copy of the text) kept in step by triggers; a later SQLite migration that rebuilds
/// catalog_products drops those triggers and must call <see cref="Create"/> again.
/// </summary>
public static class ProductSearchSchema
{
    public const string FtsTable = "catalog_products_fts";

    public static void Create(MigrationBuilder b, bool postgres)
    {
        if (postgres)
        {
            b.Sql("""
                ALTER TABLE catalog_products ADD COLUMN "SearchVector" tsvector GENERATED ALWAYS AS (
                    setweight(to_tsvector('english', coalesce("Name", '')), 'A') ||
                    setweight(to_tsvector('english', coalesce("ShortDescription", '') || ' ' || coalesce("Description", '')), 'B')
                ) STORED;
                """);
            b.Sql("""CREATE INDEX "IX_catalog_products_SearchVector" ON catalog_products USING GIN ("SearchVector");""");
            return;
        }
        b.Sql($"""
            CREATE VIRTUAL TABLE {FtsTable} USING fts5(
                Name, ShortDescription, Description,
                content = 'catalog_products', content_rowid = 'Id', tokenize = 'porter unicode61');
            """);
        // An external-content table must be told the old values to forget: 'delete' before every re-insert.
        b.Sql($"""
            CREATE TRIGGER catalog_products_fts_insert AFTER INSERT ON catalog_products BEGIN
                INSERT INTO {FtsTable}(rowid, Name, ShortDescription, Description)
                VALUES (new.Id, new.Name, new.ShortDescription, new.Description);
            END;
            """);
        b.Sql($"""
            CREATE TRIGGER catalog_products_fts_delete AFTER DELETE ON catalog_products BEGIN
                INSERT INTO {FtsTable}({FtsTable}, rowid, Name, ShortDescription, Description)
                VALUES ('delete', old.Id, old.Name, old.ShortDescription, old.Description);
            END;
            """);
        b.Sql($"""
            CREATE TRIGGER catalog_products_fts_update AFTER UPDATE OF Name, ShortDescription, Description ON catalog_products BEGIN
                INSERT INTO {FtsTable}({FtsTable}, rowid, Name, ShortDescription, Description)
                VALUES ('delete', old.Id, old.Name, old.ShortDescription, old.Description);
                INSERT INTO {FtsTable}(rowid, Name, ShortDescription, Description)
                VALUES (new.Id, new.Name, new.ShortDescription, new.Description);
            END;
            """);
        b.Sql($"INSERT INTO {FtsTable}({FtsTable}) VALUES ('rebuild');"); // index rows that existed before this migration
    }

    public static void Drop(MigrationBuilder b, bool postgres)
    {
        if (postgres)
        {
            b.Sql("""DROP INDEX IF EXISTS "IX_catalog_products_SearchVector";""");
            b.Sql("""ALTER TABLE catalog_products DROP COLUMN IF EXISTS "SearchVector";""");
            return;
        }
        b.Sql("DROP TRIGGER IF EXISTS catalog_products_fts_insert;");
        b.Sql("DROP TRIGGER IF EXISTS catalog_products_fts_delete;");
        b.Sql("DROP TRIGGER IF EXISTS catalog_products_fts_update;");
        b.Sql($"DROP TABLE IF EXISTS {FtsTable};");
    }
}
