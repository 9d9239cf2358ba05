using ImageRecognition.Contracts;

namespace ImageRecognition.Albums.Domain;

/// <summary>Albums, always looked up within one user's albums.</summary>
public interface IAlbumStore
{
    Task AddAsync(Album album, CancellationToken cancellationToken = default);

    Task<Album?> FindAsync(string userId, Guid albumId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Album>> ListAsync(string userId, CancellationToken cancellationToken = default);

    Task DeleteAsync(string userId, Guid albumId, CancellationToken cancellationToken = default);

    /// <summary>Gives one of the user's albums a new name; false when the user has no such album.</summary>
    Task<bool> RenameAsync(string userId, Guid albumId, string name, CancellationToken cancellationToken = default);
}

/// <summary>Photo records. Reads for users are scoped by user id; workflow updates go by photo id.</summary>
public interface IPhotoStore
{
    Task AddAsync(IReadOnlyCollection<Photo> photos, CancellationToken cancellationToken = default);

    Task<Photo?> FindAsync(Guid photoId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Photo>> ListByAlbumAsync(string userId, Guid albumId, CancellationToken cancellationToken = default);

    /// <summary>Photos of one user's album whose content has one of these SHA-256 hashes (duplicate detection).</summary>
    Task<IReadOnlyList<Photo>> FindByContentAsync(string userId, Guid albumId, IReadOnlyCollection<string> sha256Hashes,
        CancellationToken cancellationToken = default);

    /// <summary>Photos of one user with a label, by an index on (user, label), never a scan.</summary>
    Task<IReadOnlyList<Photo>> SearchByLabelAsync(string userId, string label, CancellationToken cancellationToken = default);

    /// <summary>
    /// Photos of one user whose perceptual hash shares a band with <paramref name="hash"/> (see <see cref="HashBands"/>):
    /// the candidates <see cref="NearDuplicates.Similar"/> measures, read from the band index, never by a scan.
    /// </summary>
    Task<IReadOnlyList<Photo>> FindByHashBandsAsync(string userId, ulong hash, CancellationToken cancellationToken = default);

    /// <summary>
    /// Photos of one user that share a band with another of the user's photos within <see cref="NearDuplicates.MaxDistance"/>:
    /// what <see cref="NearDuplicates.Group"/> groups. Reads the user's band index, not the photo records of the library.
    /// </summary>
    Task<IReadOnlyList<Photo>> FindNearDuplicatesAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Photos whose workflow has not reported a final status (Pending or Running).</summary>
    Task<IReadOnlyList<Photo>> ListUnfinishedAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// How many photos are in each state (<see cref="PhotoStates"/>), for one user or everyone: counts the stores keep
    /// as photos change, read in one go; never a walk over the photos. States with no photo are left out.
    /// </summary>
    Task<IReadOnlyList<PhotoStateCount>> CountByStateAsync(PhotoScope scope, CancellationToken cancellationToken = default);

    /// <summary>Photos whose run ended (any final status) in the minutes from the one <paramref name="since"/> falls in.</summary>
    Task<long> CountFinishedSinceAsync(PhotoScope scope, DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>
    /// Photos in one status other than Succeeded, by the time they took it (oldest or newest first), at most
    /// <paramref name="limit"/>: by an index of the photos not Succeeded, so it reads only what it returns.
    /// </summary>
    Task<IReadOnlyList<Photo>> ListByStatusAsync(PhotoScope scope, PhotoStatus status, bool newestFirst, int limit,
        CancellationToken cancellationToken = default);

    /// <summary>Reads, changes and writes one photo atomically; null when the photo is gone.</summary>
    Task<Photo?> UpdateAsync(Guid photoId, Func<Photo, Photo> change, CancellationToken cancellationToken = default);

    Task DeleteAsync(Guid photoId, CancellationToken cancellationToken = default);
}
