using ImageRecognition.Albums;
using ImageRecognition.Albums.Domain;
using ImageRecognition.Albums.Persistence;
using ImageRecognition.ServiceDefaults.Storage;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Albums.UnitTests;

/// <summary>Albums' consumers and recovery on MassTransit's harness, with the real SQLite stores and disk blobs in a temp folder.</summary>
public sealed class AlbumsHarness : IAsyncDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("albums-tests-").FullName;
    readonly ServiceProvider _provider;

    public AlbumsHarness(TimeProvider? clock = null)
    {
        var database = AlbumsDatabase.Open(Path.Combine(_folder, "albums.db"));
        Albums = new SqliteAlbumStore(database);
        Photos = new SqlitePhotoStore(database);
        Blobs = new DiskBlobStore(Path.Combine(_folder, "blobs"));
        _provider = new ServiceCollection()
            .AddSingleton<IPhotoStore>(Photos)
            .AddSingleton<IBlobStore>(Blobs)
            .Configure<AlbumsOptions>(_ => { })
            .AddSingleton(clock ?? TimeProvider.System)
            .AddSingleton<IHostApplicationLifetime, StartedLifetime>()
            .AddSingleton<UnfinishedPhotoRecovery>()
            .AddLogging()
            .AddMassTransitTestHarness(bus => bus.AddAlbumsConsumers())
            .BuildServiceProvider(true);
        Harness = _provider.GetRequiredService<ITestHarness>();
    }

    public ITestHarness Harness { get; }
    public SqliteAlbumStore Albums { get; }
    public SqlitePhotoStore Photos { get; }
    public DiskBlobStore Blobs { get; }
    public UnfinishedPhotoRecovery Recovery => _provider.GetRequiredService<UnfinishedPhotoRecovery>();
    public AlbumsOptions Options => _provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<AlbumsOptions>>().Value;

    public static Photo NewPhoto(string userId = "user-1") => new()
    {
        Id = Guid.NewGuid(),
        AlbumId = Guid.NewGuid(),
        UserId = userId,
        FileName = "dog.jpg",
        OriginalKey = "private/user-1/uploads/x",
        FileSize = 10,
        UploadedAt = DateTimeOffset.UtcNow,
    };

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await _provider.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    sealed class StartedLifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => new(true);
        public CancellationToken ApplicationStopping => CancellationToken.None;
        public CancellationToken ApplicationStopped => CancellationToken.None;
        public void StopApplication() { }
    }
}
