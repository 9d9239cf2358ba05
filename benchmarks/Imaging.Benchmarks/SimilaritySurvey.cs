using System.Diagnostics;
using System.Globalization;
using ImageRecognition.Imaging;
using SkiaSharp;

namespace Imaging.Benchmarks;

/// <summary>
/// Near-duplicate detection on a folder of JPEGs: every photo, plus a re-encoded (quality 60), a halved and a
/// 5 %-cropped copy of every fourth, each hashed the way the thumbnail step hashes (the reduced upright decode).
/// Prints, per distance threshold, how many copies land in their original's group and how many groups join
/// different originals, for pHash (the one the service uses) and dHash (the alternative measured against it),
/// then what the band index finds and the hash's cost: <c>dotnet run -c Release -- --similarity FOLDER [SOURCES]</c>.
/// make-photo-set.sh cuts photo i from source picture i mod SOURCES (it prints how many sources it found, 17 from
/// Debian's wallpapers), so photos whose numbers differ by a multiple of it are two framings of one picture.
/// </summary>
internal static class SimilaritySurvey
{
    public const string Switch = "--similarity";
    const int CopiedEvery = 4;
    const int CopiesPerOriginal = 3;
    static readonly string[] CopyKinds = ["quality 60", "50 % size", "5 % crop"];
    static readonly ImageLimits Limits = new();

    sealed record Item(string Name, int Original, int Kind, SKBitmap Upright); // Kind -1: an original

    public static void Run(string folder, int sources)
    {
        var files = Directory.GetFiles(folder, "*.jpg").Order(StringComparer.Ordinal).ToList();
        var items = new List<Item>();
        for (var i = 0; i < files.Count; i++)
        {
            var bytes = File.ReadAllBytes(files[i]);
            items.Add(new Item(Path.GetFileName(files[i]), i, -1, Reduce(bytes)));
            if (i % CopiedEvery == 0)
            {
                var copies = Copies(bytes);
                for (var kind = 0; kind < CopiesPerOriginal; kind++)
                {
                    items.Add(new Item($"{Path.GetFileName(files[i])} {CopyKinds[kind]}", i, kind, Reduce(copies[kind])));
                }
            }
        }
        var originals = files.Count;
        var copyCount = items.Count - originals;
        Console.WriteLine($"{originals} originals, {copyCount} copies of {originals / CopiedEvery + Math.Sign(originals % CopiedEvery)} of them");

        Report("pHash", items, [.. items.Select(i => PerceptualHash.Compute(i.Upright))], copyCount, sources);
        Report("dHash", items, [.. items.Select(i => DifferenceHash(i.Upright))], copyCount, sources);
        ReportBands([.. items.Select(i => PerceptualHash.Compute(i.Upright))], items);
        ReportCost(items);
        foreach (var item in items)
        {
            item.Upright.Dispose();
        }
    }

    static SKBitmap Reduce(byte[] jpeg)
    {
        using var stream = new MemoryStream(jpeg);
        return UprightImageDecoder.Decode(stream, new ThumbnailOptions().MaxSide, Limits);
    }

    static byte[][] Copies(byte[] jpeg)
    {
        using var full = SKBitmap.Decode(jpeg);
        using var half = full.Resize(new SKSizeI(full.Width / 2, full.Height / 2), new SKSamplingOptions(SKCubicResampler.Mitchell));
        using var cropped = new SKBitmap();
        // 5 % of the width and of the height cut off, half on each side (2.5 % per edge).
        var (dx, dy) = (full.Width / 40, full.Height / 40);
        full.ExtractSubset(cropped, SKRectI.Create(dx, dy, full.Width - 2 * dx, full.Height - 2 * dy));
        return [Encode(full, 60), Encode(half, 90), Encode(cropped, 90)];
    }

    static byte[] Encode(SKBitmap bitmap, int quality)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, quality);
        return data.ToArray();
    }

    static void Report(string name, List<Item> items, ulong[] hashes, int copyCount, int sources)
    {
        Console.WriteLine();
        Console.WriteLine($"{name}: largest distance of a copy to its original, by kind: " + string.Join(", ", Enumerable.Range(0, CopiesPerOriginal)
            .Select(kind => $"{CopyKinds[kind]} {CopyDistances(items, hashes, kind).Max()}")));
        var originalPairs = OriginalPairs(items, hashes);
        Console.WriteLine($"{name}: smallest distance between two originals: {originalPairs.Min()}; pairs of originals within 16 bits: " +
                          originalPairs.Count(d => d <= 16));
        Console.WriteLine("| threshold | copies in their original's group | groups joining originals | originals in them | pairs of originals within it: crops of one source / of different sources |");
        Console.WriteLine("|---:|---:|---:|---:|---:|");
        var pairs = ClosePairs(items, hashes, 16);
        bool SameSource((int A, int B, int Distance) pair) => sources > 0 && (pair.B - pair.A) % sources == 0;
        foreach (var threshold in new[] { 4, 6, 8, 10, 12, 14, 16 })
        {
            var groups = Group(hashes, threshold);
            var recalled = items.Count(i => i.Kind >= 0 && groups[items.IndexOf(i)] == groups[items.FindIndex(o => o.Kind < 0 && o.Original == i.Original)]);
            var joined = items.Where(i => i.Kind < 0).GroupBy(i => groups[items.IndexOf(i)]).Where(g => g.Count() > 1).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {threshold} | {recalled} of {copyCount} ({100.0 * recalled / copyCount:0.0} %) | {joined.Count} | {joined.Sum(g => g.Count())} | " +
                $"{pairs.Count(p => p.Distance <= threshold && SameSource(p))} / {pairs.Count(p => p.Distance <= threshold && !SameSource(p))} |"));
        }
    }

    static IEnumerable<int> CopyDistances(List<Item> items, ulong[] hashes, int kind)
        => items.Select((item, index) => (item, index)).Where(x => x.item.Kind == kind)
            .Select(x => PerceptualHash.Distance(hashes[x.index], hashes[items.FindIndex(o => o.Kind < 0 && o.Original == x.item.Original)]));

    static List<int> OriginalPairs(List<Item> items, ulong[] hashes)
    {
        var originals = items.Select((item, index) => (item, index)).Where(x => x.item.Kind < 0).Select(x => hashes[x.index]).ToList();
        var distances = new List<int>();
        for (var a = 0; a < originals.Count; a++)
        {
            for (var b = a + 1; b < originals.Count; b++)
            {
                distances.Add(PerceptualHash.Distance(originals[a], originals[b]));
            }
        }
        return distances;
    }

    static List<(int A, int B, int Distance)> ClosePairs(List<Item> items, ulong[] hashes, int threshold)
    {
        var originals = items.Select((item, index) => (item, index)).Where(x => x.item.Kind < 0).ToList();
        var pairs = new List<(int, int, int)>();
        for (var a = 0; a < originals.Count; a++)
        {
            for (var b = a + 1; b < originals.Count; b++)
            {
                var distance = PerceptualHash.Distance(hashes[originals[a].index], hashes[originals[b].index]);
                if (distance <= threshold)
                {
                    pairs.Add((originals[a].item.Original, originals[b].item.Original, distance));
                }
            }
        }
        return pairs;
    }

    /// <summary>Connected components of "within threshold", by union-find.</summary>
    static int[] Group(ulong[] hashes, int threshold)
    {
        var parent = Enumerable.Range(0, hashes.Length).ToArray();
        int Root(int i) => parent[i] == i ? i : parent[i] = Root(parent[i]);
        for (var a = 0; a < hashes.Length; a++)
        {
            for (var b = a + 1; b < hashes.Length; b++)
            {
                if (PerceptualHash.Distance(hashes[a], hashes[b]) <= threshold)
                {
                    parent[Root(a)] = Root(b);
                }
            }
        }
        return [.. Enumerable.Range(0, hashes.Length).Select(Root)];
    }

    /// <summary>How many copy pairs within the threshold share a band, and how many candidates a band lookup reads.</summary>
    static void ReportBands(ulong[] hashes, List<Item> items)
    {
        Console.WriteLine();
        Console.WriteLine($"pHash, threshold {PerceptualHash.SameImageMaxDistance}: band layouts");
        Console.WriteLine("| bands x bits | copy pairs within the threshold found by a shared band | candidates per lookup (mean) |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var bits in new[] { 16, 8, 4 })
        {
            var bands = 64 / bits;
            var keys = hashes.Select(h => Enumerable.Range(0, bands).Select(b => (b, (h >> (b * bits)) & ((1UL << bits) - 1))).ToHashSet()).ToArray();
            var within = 0;
            var found = 0;
            for (var i = 0; i < items.Count; i++)
            {
                if (items[i].Kind < 0)
                {
                    continue;
                }
                var original = items.FindIndex(o => o.Kind < 0 && o.Original == items[i].Original);
                if (PerceptualHash.Distance(hashes[i], hashes[original]) <= PerceptualHash.SameImageMaxDistance)
                {
                    within++;
                    found += keys[i].Overlaps(keys[original]) ? 1 : 0;
                }
            }
            var candidates = Enumerable.Range(0, items.Count).Average(i => Enumerable.Range(0, items.Count).Count(j => j != i && keys[i].Overlaps(keys[j])));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {bands} x {bits} | {found} of {within} | {candidates:0.0} of {items.Count - 1} |"));
        }
    }

    static void ReportCost(List<Item> items)
    {
        const int rounds = 5;
        var bitmaps = items.Where(i => i.Kind < 0).Select(i => i.Upright).ToList();
        ulong sink = 0;
        foreach (var bitmap in bitmaps)
        {
            sink += PerceptualHash.Compute(bitmap); // warm up
        }
        var watch = Stopwatch.StartNew();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var bitmap in bitmaps)
            {
                sink += PerceptualHash.Compute(bitmap);
            }
        }
        var perPhoto = watch.Elapsed.TotalMilliseconds / (rounds * bitmaps.Count);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"pHash cost: {perPhoto:0.000} ms per photo on the {bitmaps[0].Width}x{bitmaps[0].Height} reduced decode (one core; checksum {sink:x16})"));
    }

    /// <summary>dHash, for comparison only: 9x8 cells of mean luma (Skia's mipmapped reduction), one bit per pair of horizontal neighbours.</summary>
    static ulong DifferenceHash(SKBitmap upright)
    {
        var info = new SKImageInfo(9, 8, SKColorType.Bgra8888, SKAlphaType.Premul);
        using var small = upright.Resize(info, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        ulong hash = 0;
        for (var y = 0; y < 8; y++)
        {
            for (var x = 0; x < 8; x++)
            {
                hash = (hash << 1) | (Luma(small.GetPixel(x, y)) > Luma(small.GetPixel(x + 1, y)) ? 1UL : 0);
            }
        }
        return hash;
    }

    static double Luma(SKColor c) => 0.299 * c.Red + 0.587 * c.Green + 0.114 * c.Blue;
}
