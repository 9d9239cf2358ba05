using System.Numerics;
using SkiaSharp;

namespace ImageRecognition.Imaging;

/// <summary>
/// A 64-bit perceptual hash (pHash): the picture reduced to 32x32 cells of mean brightness, its 8x8 lowest
/// spatial frequencies (a DCT), one bit per frequency (above or below their median). Re-encoding, resizing and a
/// slight crop change few bits; another picture changes about half. Computed on the reduced, upright decode the
/// thumbnail step already holds, so it reads its pixels once. dHash was measured against it and grouped more
/// framings of one picture (benchmarks/Imaging.Benchmarks, <c>--similarity</c>; figures in the Albums README).
/// </summary>
public static class PerceptualHash
{
    const int Side = 32;
    const int Frequencies = 8;

    /// <summary>
    /// Copies of one photo (re-encoded at quality 60, resized to half, 5 % cropped) are at most about this many
    /// bits apart; different photos are further. Measured on 200 real photos: see the Albums README.
    /// </summary>
    public const int SameImageMaxDistance = 12;

    // cos((2x + 1) u pi / 64) for the 8 lowest frequencies u of 32 samples x
    static readonly double[,] Cosines = CosineTable();

    /// <summary>How many bits two hashes differ in (0 to 64).</summary>
    public static int Distance(ulong a, ulong b) => BitOperations.PopCount(a ^ b);

    /// <summary>The hash of an upright bitmap of any size and 8-bit colour type.</summary>
    public static ulong Compute(SKBitmap upright)
    {
        ArgumentNullException.ThrowIfNull(upright);
        if (upright.ColorType is not (SKColorType.Bgra8888 or SKColorType.Rgba8888))
        {
            using var converted = upright.Copy(SKColorType.Bgra8888)
                ?? throw new InvalidOperationException($"Skia could not convert a {upright.ColorType} bitmap to BGRA.");
            return Compute(converted);
        }
        var luma = MeanLuma(upright);
        // Separable DCT: the rows' 8 lowest frequencies, then those columns' 8 lowest.
        var rows = new double[Side, Frequencies];
        for (var y = 0; y < Side; y++)
        {
            for (var u = 0; u < Frequencies; u++)
            {
                double sum = 0;
                for (var x = 0; x < Side; x++)
                {
                    sum += luma[y * Side + x] * Cosines[u, x];
                }
                rows[y, u] = sum;
            }
        }
        var coefficients = new double[Frequencies * Frequencies];
        for (var v = 0; v < Frequencies; v++)
        {
            for (var u = 0; u < Frequencies; u++)
            {
                double sum = 0;
                for (var y = 0; y < Side; y++)
                {
                    sum += rows[y, u] * Cosines[v, y];
                }
                coefficients[v * Frequencies + u] = sum;
            }
        }
        // The median leaves out the mean brightness (the first coefficient), which says nothing about the picture.
        var median = coefficients.Skip(1).Order().ElementAt(coefficients.Length / 2 - 1);
        ulong hash = 0;
        foreach (var coefficient in coefficients)
        {
            hash = (hash << 1) | (coefficient > median ? 1UL : 0);
        }
        return hash;
    }

    /// <summary>The hash as 16 lowercase hex digits.</summary>
    public static string Format(ulong hash) => hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    static double[,] CosineTable()
    {
        var table = new double[Frequencies, Side];
        for (var u = 0; u < Frequencies; u++)
        {
            for (var x = 0; x < Side; x++)
            {
                table[u, x] = Math.Cos((2 * x + 1) * u * Math.PI / (2 * Side));
            }
        }
        return table;
    }

    /// <summary>Mean luma (Rec. 601) of each of 32x32 cells; every pixel counts once, in the cell its position falls in.</summary>
    static double[] MeanLuma(SKBitmap bitmap)
    {
        var (red, blue) = bitmap.ColorType == SKColorType.Bgra8888 ? (2, 0) : (0, 2);
        var sums = new double[Side * Side];
        var counts = new int[Side * Side];
        var pixels = bitmap.GetPixelSpan();
        var width = bitmap.Width;
        var height = bitmap.Height;
        for (var y = 0; y < height; y++)
        {
            var row = pixels.Slice(y * bitmap.RowBytes, width * 4);
            var cellRow = y * Side / height * Side;
            for (var x = 0; x < width; x++)
            {
                var pixel = row.Slice(x * 4, 4);
                var cell = cellRow + x * Side / width;
                sums[cell] += 0.299 * pixel[red] + 0.587 * pixel[1] + 0.114 * pixel[blue];
                counts[cell]++;
            }
        }
        for (var i = 0; i < sums.Length; i++)
        {
            sums[i] /= Math.Max(1, counts[i]);
        }
        return sums;
    }
}
