using SkiaSharp;

namespace ImageRecognition.Imaging;

/// <summary>
/// Decodes an image safely and cheaply: the pixel count is checked from the header before any pixel
/// memory exists, images are decoded at the smallest size that still covers the requested one without
/// ever holding the full-size picture where that can be avoided (<see cref="DecodePlan"/>), damaged files
/// are refused instead of coming out half grey, and the result is upright (EXIF applied).
/// </summary>
public static class UprightImageDecoder
{
    /// <summary>Pass as the target long side to decode at full resolution.</summary>
    public const int FullResolution = int.MaxValue;

    /// <summary>
    /// Decodes <paramref name="input"/> (read from its current position; the caller keeps ownership) into
    /// an upright sRGB bitmap whose long side is at least <paramref name="targetLongSide"/>, or the full
    /// image when it is smaller, once <paramref name="budget"/> has room for what the decode will hold.
    /// The caller disposes the bitmap; it is immutable (see <see cref="DecodeForEachAsync"/>).
    /// </summary>
    /// <exception cref="ImageRejectedException">The bytes are not a decodable image, or exceed the limits.</exception>
    public static async Task<SKBitmap> DecodeAsync(
        Stream input, int targetLongSide, ImageLimits limits, DecodeMemoryBudget budget, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetLongSide);
        return (await DecodeForEachAsync(input, [targetLongSide], limits, budget, cancellationToken).ConfigureAwait(false))[0];
    }

    /// <summary>
    /// What <see cref="DecodeAsync"/> would give for each of <paramref name="longSides"/>, from one read of
    /// <paramref name="input"/> and as few decodes as it can: one at the largest side; for a smaller side, a copy of it
    /// where the decode would be the same, the largest halved (<see cref="BoxHalving"/>) where the decode would be exactly
    /// half of a JPEG's, a decode of its own otherwise. The bitmaps come in the order of the sides; the caller disposes them.
    /// They are immutable: drawing one shares its pixels where Skia would copy a mutable bitmap whole first.
    /// </summary>
    /// <exception cref="ImageRejectedException">The bytes are not a decodable image, or exceed the limits.</exception>
    public static async Task<SKBitmap[]> DecodeForEachAsync(
        Stream input, IReadOnlyList<int> longSides, ImageLimits limits, DecodeMemoryBudget budget, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(longSides);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentOutOfRangeException.ThrowIfZero(longSides.Count);
        var largest = longSides.Max();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(longSides.Min());

        // A network stream is read here, asynchronously, so that decoding never blocks a thread on I/O.
        var seekable = input.CanSeek ? input : await SeekableInput.CopyAsync(input, limits.MaxEncodedBytes, cancellationToken).ConfigureAwait(false);
        var bitmaps = new SKBitmap?[longSides.Count];
        try
        {
            SeekableInput.RejectWhenTooLong(seekable, limits.MaxEncodedBytes);
            var start = seekable.Position;
            using var largestPlan = DecodePlan.Create(seekable, largest, limits);
            SKBitmap decoded;
            using (await budget.ReserveAsync(largestPlan.WorkingBytes, cancellationToken).ConfigureAwait(false))
            {
                decoded = largestPlan.Decode();
            }

            var first = 0;
            while (longSides[first] != largest)
            {
                first++;
            }

            bitmaps[first] = decoded;
            for (var i = 0; i < longSides.Count; i++)
            {
                if (bitmaps[i] is not null)
                {
                    continue;
                }

                seekable.Position = start;
                using var plan = DecodePlan.Create(seekable, longSides[i], limits);
                if (plan.DecodesAsMuchAs(largestPlan))
                {
                    bitmaps[i] = decoded.Copy() ?? throw new InvalidOperationException("Could not copy the decoded pixels.");
                }
                else if (plan.IsHalfOf(largestPlan))
                {
                    bitmaps[i] = BoxHalving.Halve(decoded);
                }
                else
                {
                    using (await budget.ReserveAsync(plan.WorkingBytes, cancellationToken).ConfigureAwait(false))
                    {
                        bitmaps[i] = plan.Decode();
                    }
                }
            }

            foreach (var bitmap in bitmaps)
            {
                // Only read from here on; drawn for the thumbnail and the models' three frames without a copy each time.
                bitmap!.SetImmutable();
            }

            return [.. bitmaps.Select(b => b!)];
        }
        catch
        {
            foreach (var bitmap in bitmaps)
            {
                bitmap?.Dispose();
            }

            throw;
        }
        finally
        {
            if (!ReferenceEquals(seekable, input))
            {
                await seekable.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The same decode without a budget, for callers that bound concurrency themselves (tools, tests).</summary>
    /// <exception cref="ImageRejectedException">The bytes are not a decodable image, or exceed the limits.</exception>
    public static SKBitmap Decode(Stream input, int targetLongSide, ImageLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var budget = new DecodeMemoryBudget(limits.DecodeMemoryBudgetBytes);
        // Seekable input and a free budget: nothing inside waits, so this completes on the calling thread.
        return DecodeAsync(input, targetLongSide, limits, budget).GetAwaiter().GetResult();
    }
}
