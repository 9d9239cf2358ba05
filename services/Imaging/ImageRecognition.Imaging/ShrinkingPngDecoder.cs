using System.IO.Compression;
using SkiaSharp;

namespace ImageRecognition.Imaging;

/// <summary>
/// Decodes a PNG a row at a time (<see cref="PngRowReader"/>), averaging each <c>factor x factor</c> square
/// of pixels into one as the rows arrive, so that a 48 MP PNG never exists in memory at full size: only
/// two of its rows, one row of sums and the shrunk result do.
/// </summary>
internal static class ShrinkingPngDecoder
{
    /// <summary>The whole factor that keeps the long side at or above the target (and below twice it).</summary>
    public static int FactorFor(SKSizeI full, int targetLongSide) =>
        Math.Max(1, Math.Max(full.Width, full.Height) / Math.Max(1, targetLongSide));

    public static SKSizeI OutputSize(SKSizeI full, int factor) =>
        new(JpegFrame.DivideRoundingUp(full.Width, factor), JpegFrame.DivideRoundingUp(full.Height, factor));

    /// <summary>Bytes this decoder holds: two stored rows and one RGBA row, one row of sums, the result.</summary>
    public static long WorkingBytes(SKSizeI full, int factor)
    {
        var output = OutputSize(full, factor);
        var rows = (long)full.Width * (8 + 8 + 4);
        var sums = (long)output.Width * 4 * sizeof(uint);
        return rows + sums + ((long)output.Width * output.Height * 4);
    }

    /// <summary>Decodes the PNG in <paramref name="stream"/> (from the file's start) shrunk by <paramref name="factor"/>, as stored.</summary>
    public static SKBitmap Decode(Stream stream, PngHeader header, int factor)
    {
        using var reader = PngRowReader.Open(stream, header);
        var full = new SKSizeI(reader.Width, reader.Height);
        var size = OutputSize(full, factor);
        // Premultiplied, so that averaging weighs each pixel's colour by how opaque it is.
        var alpha = reader.HasAlpha ? SKAlphaType.Premul : SKAlphaType.Opaque;
        var output = new SKBitmap(new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, alpha, SKColorSpace.CreateSrgb()));
        try
        {
            ShrinkRows(reader, factor, output);
            output.NotifyPixelsChanged();
            return output;
        }
        catch (InvalidDataException e)
        {
            output.Dispose();
            throw new ImageRejectedException(Contracts.FailureCodes.InvalidImage, $"The PNG's compressed image data is damaged ({e.Message}).", e);
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

    static void ShrinkRows(PngRowReader reader, int factor, SKBitmap output)
    {
        var row = new byte[reader.Width * 4];
        var sums = new uint[output.Width * 4];
        var target = output.GetPixelSpan();
        for (var outputY = 0; outputY < output.Height; outputY++)
        {
            var rows = Math.Min(factor, reader.Height - (outputY * factor));
            Array.Clear(sums);
            for (var r = 0; r < rows; r++)
            {
                reader.ReadRow(row);
                AddRow(row, sums, factor);
            }

            WriteAverages(sums, reader.Width, rows, factor, target.Slice(outputY * output.RowBytes, output.Width * 4));
        }
    }

    /// <summary>Adds each pixel's premultiplied channels to the sums of the output column it falls in.</summary>
    static void AddRow(ReadOnlySpan<byte> row, Span<uint> sums, int factor)
    {
        var width = row.Length / 4;
        for (int x = 0, column = 0; x < width; x += factor, column++)
        {
            var end = Math.Min(width, x + factor) * 4;
            uint red = 0, green = 0, blue = 0, alpha = 0;
            for (var i = x * 4; i < end; i += 4)
            {
                uint a = row[i + 3];
                if (a == 255)
                {
                    red += row[i];
                    green += row[i + 1];
                    blue += row[i + 2];
                }
                else
                {
                    red += ((row[i] * a) + 127) / 255;
                    green += ((row[i + 1] * a) + 127) / 255;
                    blue += ((row[i + 2] * a) + 127) / 255;
                }

                alpha += a;
            }

            var sum = sums.Slice(column * 4, 4);
            sum[0] += red;
            sum[1] += green;
            sum[2] += blue;
            sum[3] += alpha;
        }
    }

    static void WriteAverages(ReadOnlySpan<uint> sums, int fullWidth, int rows, int factor, Span<byte> target)
    {
        for (var column = 0; column < target.Length / 4; column++)
        {
            // The last column and row may cover fewer source pixels than factor x factor.
            var count = (uint)(Math.Min(factor, fullWidth - (column * factor)) * rows);
            for (var channel = 0; channel < 4; channel++)
            {
                target[(column * 4) + channel] = (byte)((sums[(column * 4) + channel] + (count / 2)) / count);
            }
        }
    }
}
