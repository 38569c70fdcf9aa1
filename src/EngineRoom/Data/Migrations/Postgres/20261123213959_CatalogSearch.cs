using EngineRoom.Catalog;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EngineRoom.Data.Migrations.Postgres
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
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            ProductSearchSchema.Create(migrationBuilder, postgres: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            ProductSearchSchema.Drop(migrationBuilder, postgres: true);

            migrationBuilder.DropColumn(
                name: "ShortDescription",
                table: "catalog_products");
        }
    }
}
