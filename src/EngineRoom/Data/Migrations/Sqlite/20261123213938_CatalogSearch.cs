using EngineRoom.Catalog;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EngineRoom.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CatalogSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ShortDescription",
                table: "catalog_products",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            ProductSearchSchema.Create(migrationBuilder, postgres: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            ProductSearchSchema.Drop(migrationBuilder, postgres: false);

            migrationBuilder.DropColumn(
                name: "ShortDescription",
                table: "catalog_products");
        }
    }
}
