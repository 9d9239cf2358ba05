using ImageRecognition.Albums.Domain;

namespace Adapters.ContractTests.Albums;

/// <summary>What every <see cref="IAlbumStore"/> and <see cref="IPhotoStore"/> must do: the album part.</summary>
public abstract partial class AlbumsStoreContract : IAsyncLifetime
{
    protected IAlbumStore Albums { get; set; } = null!;
    protected IPhotoStore Photos { get; set; } = null!;

    /// <summary>The same storage as <see cref="Photos"/> seen by a second instance of the service.</summary>
    protected IPhotoStore PhotosOfAnotherInstance { get; set; } = null!;

    /// <summary>Sets <see cref="Albums"/>, <see cref="Photos"/> and <see cref="PhotosOfAnotherInstance"/> on empty storage.</summary>
    protected abstract Task CreateStoresAsync();

    protected virtual Task DisposeStoresAsync() => Task.CompletedTask;

    public Task InitializeAsync() => CreateStoresAsync();

    public Task DisposeAsync() => Photos is null ? Task.CompletedTask : DisposeStoresAsync();

    [SkippableFact]
    public async Task An_album_is_found_listed_in_creation_order_and_deleted_for_its_owner_only()
    {
        var start = DateTimeOffset.UtcNow;
        var second = new Album(Guid.NewGuid(), "owner", "Second", start.AddMinutes(1));
        var first = new Album(Guid.NewGuid(), "owner", "First", start);
        var other = new Album(Guid.NewGuid(), "someone-else", "Theirs", start);
        await Albums.AddAsync(second);
        await Albums.AddAsync(first);
        await Albums.AddAsync(other);

        Assert.Equal("First", (await Albums.FindAsync("owner", first.Id))!.Name);
        Assert.Null(await Albums.FindAsync("owner", other.Id));
        Assert.Equal([first.Id, second.Id], (await Albums.ListAsync("owner")).Select(a => a.Id));
        Assert.Equal(start.ToUnixTimeMilliseconds(), (await Albums.FindAsync("owner", first.Id))!.CreatedAt.ToUnixTimeMilliseconds());

        await Albums.DeleteAsync("owner", other.Id); // not theirs: nothing happens
        await Albums.DeleteAsync("owner", first.Id);

        Assert.Equal([second.Id], (await Albums.ListAsync("owner")).Select(a => a.Id));
        Assert.NotNull(await Albums.FindAsync("someone-else", other.Id));
        Assert.Empty(await Albums.ListAsync("nobody"));
    }

    [SkippableFact]
    public async Task An_album_is_renamed_for_its_owner_only_and_a_missing_one_is_not_created()
    {
        var album = new Album(Guid.NewGuid(), "owner", "Safari", DateTimeOffset.UtcNow);
        await Albums.AddAsync(album);

        Assert.True(await Albums.RenameAsync("owner", album.Id, "Kenya 2024 🦒"));
        Assert.False(await Albums.RenameAsync("someone-else", album.Id, "Mine now"));
        Assert.False(await Albums.RenameAsync("owner", Guid.NewGuid(), "Nowhere"));

        var renamed = (await Albums.FindAsync("owner", album.Id))!;
        Assert.Equal("Kenya 2024 🦒", renamed.Name);
        Assert.Equal(album.CreatedAt.ToUnixTimeMilliseconds(), renamed.CreatedAt.ToUnixTimeMilliseconds());
        Assert.Single(await Albums.ListAsync("owner"));
        Assert.Empty(await Albums.ListAsync("someone-else"));
    }

    [SkippableFact]
    public async Task Album_names_keep_every_character()
    {
        var album = new Album(Guid.NewGuid(), "owner", "Été 2024 — Zürich 🏔 'quoted' \"double\"", DateTimeOffset.UtcNow);
        await Albums.AddAsync(album);

        Assert.Equal(album.Name, (await Albums.FindAsync("owner", album.Id))!.Name);
    }
}
