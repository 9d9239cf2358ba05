using ImageRecognition.Albums.Api;
using ImageRecognition.Contracts;

namespace Albums.UnitTests;

/// <summary>How <c>?duplicates=</c> is read and which files of an upload are kept when it is <c>skip</c>.</summary>
public sealed class DuplicateUploadTests : IAsyncLifetime
{
    const string Kite = "aa00000000000000000000000000000000000000000000000000000000000001";
    const string Dog = "bb00000000000000000000000000000000000000000000000000000000000002";
    readonly AlbumsHarness _harness = new();

    [Theory]
    [InlineData(null, DuplicateHandling.Store)]
    [InlineData("store", DuplicateHandling.Store)]
    [InlineData("skip", DuplicateHandling.Skip)]
    [InlineData("SKIP", DuplicateHandling.Skip)]
    public void Known_values_and_no_value_are_understood(string? value, DuplicateHandling expected)
        => Assert.Equal(expected, DuplicateHandlingQuery.Parse(value));

    [Theory]
    [InlineData("")]
    [InlineData("ignore")]
    [InlineData("skip,store")] // the parameter given twice
    [InlineData(" skip")]
    public void Anything_else_is_refused_with_the_allowed_values(string value)
    {
        Assert.Null(DuplicateHandlingQuery.Parse(value));
        var message = DuplicateHandlingQuery.UnknownValueMessage(value);
        Assert.Contains($"'{value}'", message, StringComparison.Ordinal);
        Assert.Contains("'skip'", message, StringComparison.Ordinal);
        Assert.Contains("'store'", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Files_already_in_the_album_or_repeated_in_the_request_are_duplicates_of_the_photo_holding_them()
    {
        var inAlbum = AlbumsHarness.NewPhoto() with { Sha256 = Kite, FileName = "kite.jpg", Status = PhotoStatus.Succeeded };
        await _harness.Photos.AddAsync([inAlbum]);
        StoredUpload[] stored = [Upload("kite-again.jpg", Kite), Upload("dog.jpg", Dog), Upload("dog-copy.jpg", Dog)];

        var decisions = await UploadDecision.SkippingDuplicatesAsync(stored, _harness.Photos, inAlbum.UserId, inAlbum.AlbumId, default);
        var responses = decisions.Select(d => d.ToResponse()).ToList();

        Assert.Equal([inAlbum.Id, null, stored[1].PhotoId], responses.Select(r => r.DuplicateOf));
        Assert.Equal([inAlbum.Id, stored[1].PhotoId, stored[1].PhotoId], responses.Select(r => r.Id));
        Assert.Equal([PhotoStatus.Succeeded, PhotoStatus.Pending, PhotoStatus.Pending], responses.Select(r => r.Status));
        Assert.Equal([Kite, Dog, Dog], responses.Select(r => r.Sha256));
        Assert.Equal("Not stored: 'kite-again.jpg' has the same content as 'kite.jpg', already in this album.", responses[0].Explanation);
        Assert.Null(responses[1].Explanation);
        Assert.Contains("'dog.jpg'", responses[2].Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_content_in_another_album_is_no_duplicate()
    {
        var elsewhere = AlbumsHarness.NewPhoto() with { Sha256 = Kite };
        await _harness.Photos.AddAsync([elsewhere]);

        var decisions = await UploadDecision.SkippingDuplicatesAsync([Upload("kite.jpg", Kite)], _harness.Photos, elsewhere.UserId, Guid.NewGuid(), default);

        Assert.Null(Assert.Single(decisions).DuplicateOf);
    }

    static StoredUpload Upload(string fileName, string sha256)
    {
        var id = Guid.NewGuid();
        return new StoredUpload(id, fileName, $"private/user-1/uploads/{id}", 100, sha256);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _harness.DisposeAsync().AsTask();
}
