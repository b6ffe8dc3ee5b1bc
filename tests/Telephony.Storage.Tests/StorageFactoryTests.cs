namespace Telephony.Storage.Tests;

public sealed class StorageFactoryTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void PostgreSQL_without_a_connection_string_fails_with_a_message_naming_the_setting(string? connectionString)
    {
        var options = new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = connectionString };

        var error = Assert.Throws<StorageException>(() => StorageFactory.CreateConnectionFactory(options));

        Assert.Contains("Storage:ConnectionString", error.Message);
    }

    [Theory]
    [InlineData("this is not a connection string")]
    [InlineData("Host=db;Port=not-a-number")]
    [InlineData("Port=5432;Database=telephony")]
    public void PostgreSQL_with_a_malformed_connection_string_fails_clearly(string connectionString)
    {
        var options = new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = connectionString };

        var error = Assert.Throws<StorageException>(() => StorageFactory.CreateConnectionFactory(options));

        Assert.Contains("PostgreSQL", error.Message);
    }

    [Fact]
    public void SQLite_is_the_default_provider_with_a_file_under_data()
    {
        var options = new StorageOptions();

        Assert.Equal(StorageProvider.Sqlite, options.Provider);
        Assert.Equal("Data Source=data/telephony.db", StorageOptions.DefaultSqliteConnectionString);
    }

    [Fact]
    public async Task SQLite_creates_the_missing_directory_of_its_database_file()
    {
        var root = Path.Combine(Path.GetTempPath(), "telephony-storage-tests", Guid.NewGuid().ToString("N"));
        var file = Path.Combine(root, "data", "telephony.db");
        try
        {
            var factory = StorageFactory.CreateConnectionFactory(new StorageOptions { ConnectionString = $"Data Source={file};Pooling=False" });
            await using (var connection = await factory.OpenAsync(CancellationToken.None))
            {
                Assert.Equal(StorageProvider.Sqlite, factory.Provider);
            }

            Assert.True(File.Exists(file));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
