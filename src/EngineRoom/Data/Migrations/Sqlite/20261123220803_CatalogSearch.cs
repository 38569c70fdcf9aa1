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

            migrationBuilder.CreateIndex(
                name: "IX_catalog_products_Published_Id",
                table: "catalog_products",
                columns: new[] { "Published", "Id" });

            ProductSearchSchema.Create(migrationBuilder, postgres: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            ProductSearchSchema.Drop(migrationBuilder, postgres: false);

            migrationBuilder.DropIndex(
                name: "IX_catalog_products_Published_Id",
                table: "catalog_products");

            migrationBuilder.DropColumn(
                name: "ShortDescription",
                table: "catalog_products");
        }
    }
}
