using ImageRecognition.Imaging;

namespace ImageRecognition.Albums.Domain;

/// <summary>A photo like another one, and how many bits of their perceptual hashes differ.</summary>
public sealed record SimilarPhoto(Photo Photo, int Distance);

/// <summary>Copies of one picture: the one to keep (the most pixels, then the largest file, then the first uploaded) and the extras.</summary>
public sealed record NearDuplicateGroup(Photo Keep, IReadOnlyList<SimilarPhoto> Extras);

/// <summary>
/// Near-duplicate detection on the perceptual hashes the thumbnail step records: photos within
/// <see cref="PerceptualHash.SameImageMaxDistance"/> bits are copies of one picture. Photos without a hash
/// (stored before it existed, or still processing) take no part until reprocessed.
/// </summary>
public static class NearDuplicates
{
    public const int MaxDistance = PerceptualHash.SameImageMaxDistance;

    /// <summary>The candidates (from the band index) within the threshold of <paramref name="photo"/>, nearest first.</summary>
    public static IReadOnlyList<SimilarPhoto> Similar(Photo photo, IEnumerable<Photo> candidates)
    {
        if (photo.PerceptualHash is not { } hash)
        {
            return [];
        }
        return [.. candidates
            .Where(c => c.Id != photo.Id && c.UserId == photo.UserId && c.PerceptualHash is not null)
            .Select(c => new SimilarPhoto(c, PerceptualHash.Distance(hash, c.PerceptualHash!.Value)))
            .Where(s => s.Distance <= MaxDistance)
            .OrderBy(s => s.Distance).ThenBy(s => s.Photo.UploadedAt)];
    }

    /// <summary>
    /// Groups of photos linked by pairs within the threshold (connected components), largest group first; a photo
    /// with no such pair is in no group.
    /// </summary>
    public static IReadOnlyList<NearDuplicateGroup> Group(IReadOnlyList<Photo> photos)
    {
        var hashed = photos.Where(p => p.PerceptualHash is not null).DistinctBy(p => p.Id).ToList();
        var parent = Enumerable.Range(0, hashed.Count).ToArray();
        int Root(int i) => parent[i] == i ? i : parent[i] = Root(parent[i]);
        for (var a = 0; a < hashed.Count; a++)
        {
            for (var b = a + 1; b < hashed.Count; b++)
            {
                if (hashed[a].UserId == hashed[b].UserId && Within(hashed[a], hashed[b]))
                {
                    parent[Root(a)] = Root(b);
                }
            }
        }
        return [.. Enumerable.Range(0, hashed.Count)
            .GroupBy(Root)
            .Where(g => g.Count() > 1)
            .Select(g => ToGroup([.. g.Select(i => hashed[i])]))
            .OrderByDescending(g => g.Extras.Count).ThenByDescending(g => g.Keep.UploadedAt)];
    }

    static bool Within(Photo a, Photo b) => PerceptualHash.Distance(a.PerceptualHash!.Value, b.PerceptualHash!.Value) <= MaxDistance;

    static NearDuplicateGroup ToGroup(List<Photo> members)
    {
        var keep = members
            .OrderByDescending(p => (long?)p.Metadata?.Width * p.Metadata?.Height ?? 0)
            .ThenByDescending(p => p.FileSize)
            .ThenBy(p => p.UploadedAt)
            .ThenBy(p => p.Id)
            .First();
        return new NearDuplicateGroup(keep, [.. members.Where(p => p.Id != keep.Id)
            .Select(p => new SimilarPhoto(p, PerceptualHash.Distance(keep.PerceptualHash!.Value, p.PerceptualHash!.Value)))
            .OrderBy(s => s.Distance).ThenBy(s => s.Photo.UploadedAt)]);
    }
}

/// <summary>
/// The locality-sensitive index both stores keep: the 64-bit hash cut into 8 bands of 8 bits, one index entry per
/// (user, band, value, photo). Two copies of one picture (at most 12 bits apart) almost always agree on a whole band
/// (all such pairs on the bench photos did), so a lookup reads 8 buckets instead of every photo, and the full
/// distance then decides.
/// </summary>
public static class HashBands
{
    public const int Count = 8;
    const int Bits = 64 / Count;

    public static IEnumerable<(int Band, int Value)> Of(ulong hash)
        => Enumerable.Range(0, Count).Select(band => (band, (int)((hash >> (band * Bits)) & ((1UL << Bits) - 1))));

    /// <summary>One index entry: a photo's hash in one bucket.</summary>
    public sealed record Entry(int Band, int Value, Guid PhotoId, ulong Hash);

    /// <summary>The photos of entries that share a bucket with another photo within the threshold.</summary>
    public static IReadOnlySet<Guid> WithCloseNeighbours(IEnumerable<Entry> entries)
    {
        var found = new HashSet<Guid>();
        foreach (var bucket in entries.GroupBy(e => (e.Band, e.Value)))
        {
            var members = bucket.DistinctBy(e => e.PhotoId).ToList();
            for (var a = 0; a < members.Count; a++)
            {
                for (var b = a + 1; b < members.Count; b++)
                {
                    if (PerceptualHash.Distance(members[a].Hash, members[b].Hash) <= NearDuplicates.MaxDistance)
                    {
                        found.Add(members[a].PhotoId);
                        found.Add(members[b].PhotoId);
                    }
                }
            }
        }
        return found;
    }
}
