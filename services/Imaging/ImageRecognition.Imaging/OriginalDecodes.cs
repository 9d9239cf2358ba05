using Microsoft.Extensions.Options;
using SkiaSharp;

namespace ImageRecognition.Imaging;

/// <summary>A workflow step of this process that decodes photos' originals, and the long side it decodes them at.</summary>
public sealed record OriginalDecodeNeed(string Step, int LongSide);

/// <summary>
/// The workflow steps' way to the pixels of a photo's original: a turn at the cores (<see cref="FairImageWork"/>),
/// then a decode within the <see cref="DecodeMemoryBudget"/>. Where one process runs several steps that decode
/// originals (the standalone host: the thumbnail and the labels, each registered as an <see cref="OriginalDecodeNeed"/>),
/// the first step to come for a photo decodes it for all of them at once
/// (<see cref="UprightImageDecoder.DecodeForEachAsync"/>) and the others' bitmaps wait here until they come: a
/// JPEG's entropy decoding, most of a decode's cost, then runs once a photo instead of once a step. A process with
/// one such step (each distributed worker) decodes exactly as before.
/// </summary>
public sealed class OriginalDecodes
{
    // What waits for a step that has not come yet is bounded: beyond these bytes (or after KeepFor), steps decode for
    // themselves. Each shared decode is remembered (without pixels once they are given or dropped) until every step has
    // come, so a step that comes late decodes only for itself, never again for a step that has run.
    internal const long MaxKeptBytes = 64L * 1024 * 1024;
    internal const int MaxRemembered = 256;
    internal static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(1);

    readonly FairImageWork _work;
    readonly DecodeMemoryBudget _budget;
    readonly ImageLimits _limits;
    readonly TimeProvider _clock;
    readonly OriginalDecodeNeed[] _sharing;
    readonly Lock _lock = new();
    readonly Dictionary<string, SharedDecode> _decodes = new(StringComparer.Ordinal);
    long _keptBytes;

    public OriginalDecodes(FairImageWork work, DecodeMemoryBudget budget, IOptions<ImageLimits> limits, IEnumerable<OriginalDecodeNeed> needs, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(needs);
        ArgumentNullException.ThrowIfNull(clock);
        _work = work;
        _budget = budget;
        _limits = limits.Value;
        _clock = clock;
        var distinct = needs.Distinct().ToArray();
        _sharing = distinct.Length > 1 ? distinct : [];
    }

    /// <summary>Bitmaps decoded for steps that have not come for them yet, and their bytes (for tests and diagnostics).</summary>
    public (int Decodes, long Bytes) Kept
    {
        get
        {
            lock (_lock)
            {
                return (_decodes.Values.Count(d => d.Waiting.Values.Any(w => w.Kept is not null)), _keptBytes);
            }
        }
    }

    /// <summary>
    /// Waits for <paramref name="userId"/>'s turn and the upright pixels of <paramref name="originalKey"/> at
    /// <paramref name="step"/>'s long side (what <see cref="UprightImageDecoder.DecodeAsync"/> gives), opening the
    /// original with <paramref name="open"/> only when this step decodes it. Both are held until the result is disposed.
    /// </summary>
    /// <exception cref="ImageRejectedException">The original is not a decodable image, or exceeds the limits.</exception>
    public async Task<DecodedOriginal> DecodeAsync(OriginalDecodeNeed step, string userId, string originalKey,
        Func<CancellationToken, Task<Stream>> open, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(originalKey);
        ArgumentNullException.ThrowIfNull(open);
        if (!_sharing.Contains(step))
        {
            return await DecodeAloneAsync(await _work.EnterAsync(userId, cancellationToken).ConfigureAwait(false), step, open, cancellationToken)
                .ConfigureAwait(false);
        }

        while (true)
        {
            // Waiting for another step's decode holds no turn: the cores go on with other work meanwhile.
            if (Claim(originalKey, step) is { } claimed)
            {
                var bitmap = await claimed.ConfigureAwait(false);
                FairImageWork.Turn turn;
                try
                {
                    // Holding pixels already, it goes ahead of its user's other waiting work: the photo finishes, the memory is freed.
                    turn = await _work.EnterAsync(userId, aheadOfOwnWork: bitmap is not null, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    bitmap?.Dispose();
                    throw;
                }

                if (bitmap is not null)
                {
                    return new DecodedOriginal(bitmap, turn);
                }

                // The shared decode failed or was not kept: this step's own decode says why, or succeeds.
                return await DecodeAloneAsync(turn, step, open, cancellationToken).ConfigureAwait(false);
            }

            var myTurn = await _work.EnterAsync(userId, cancellationToken).ConfigureAwait(false);
            var (start, shared) = Start(originalKey, step);
            if (start == StartResult.ClaimInstead)
            {
                myTurn.Dispose(); // another step started it while this one waited for the turn: wait for it without one
                continue;
            }

            if (shared is null)
            {
                // A retry of a step that already had its pixels, or a step whose kept pixels were dropped: it decodes for itself.
                return await DecodeAloneAsync(myTurn, step, open, cancellationToken).ConfigureAwait(false);
            }

            SKBitmap[] decoded;
            try
            {
                decoded = await DecodeInTurnAsync(myTurn, [step.LongSide, .. shared.Others.Select(o => o.LongSide)], open, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch
            {
                Finish(originalKey, shared, null);
                throw;
            }

            Finish(originalKey, shared, decoded[1..]);
            return new DecodedOriginal(decoded[0], myTurn);
        }
    }

    async Task<DecodedOriginal> DecodeAloneAsync(FairImageWork.Turn turn, OriginalDecodeNeed step, Func<CancellationToken, Task<Stream>> open,
        CancellationToken cancellationToken)
        => new((await DecodeInTurnAsync(turn, [step.LongSide], open, cancellationToken).ConfigureAwait(false))[0], turn);

    async Task<SKBitmap[]> DecodeInTurnAsync(FairImageWork.Turn turn, IReadOnlyList<int> longSides, Func<CancellationToken, Task<Stream>> open,
        CancellationToken cancellationToken)
    {
        try
        {
            await using var original = await open(cancellationToken).ConfigureAwait(false);
            return await UprightImageDecoder.DecodeForEachAsync(original, longSides, _limits, _budget, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            turn.Dispose();
            throw;
        }
    }

    /// <summary>This step's bitmap of a decode another step started (null when that decode failed); null when there is none to claim.</summary>
    Task<SKBitmap?>? Claim(string originalKey, OriginalDecodeNeed step)
    {
        lock (_lock)
        {
            ForgetExpired();
            if (!_decodes.TryGetValue(originalKey, out var shared) || !shared.Waiting.TryGetValue(step, out var waiting) || waiting.Claimed)
            {
                return null; // none started, or this step already had its bitmap (a retry decodes for itself)
            }

            waiting.Claimed = true;
            shared.Claims++;
            if (!shared.Finished)
            {
                return waiting.Completion.Task; // Finish hands it over
            }

            var kept = waiting.Kept;
            waiting.Kept = null;
            _keptBytes -= kept?.ByteCount ?? 0;
            ForgetWhenEveryStepCame(originalKey, shared);
            return Task.FromResult(kept);
        }
    }

    enum StartResult
    {
        Started,
        ClaimInstead,
        Alone,
    }

    /// <summary>Registers this step's decode of the original for the other steps, unless one is already under way or kept.</summary>
    (StartResult, SharedDecode?) Start(string originalKey, OriginalDecodeNeed step)
    {
        lock (_lock)
        {
            ForgetExpired();
            if (_decodes.TryGetValue(originalKey, out var existing))
            {
                return existing.Waiting.TryGetValue(step, out var waiting) && !waiting.Claimed
                    ? (StartResult.ClaimInstead, null)
                    : (StartResult.Alone, null);
            }

            ForgetOldestBeyond(MaxRemembered - 1);

            var shared = new SharedDecode(_clock.GetUtcNow(), [.. _sharing.Where(need => need != step)]);
            _decodes.Add(originalKey, shared);
            return (StartResult.Started, shared);
        }
    }

    /// <summary>Hands the other steps their bitmaps (null: the decode failed), or keeps them until they come, within the bounds.</summary>
    void Finish(string originalKey, SharedDecode shared, SKBitmap[]? others)
    {
        lock (_lock)
        {
            // A decode under way is always registered: only finished ones are forgotten.
            shared.Finished = true;
            for (var i = 0; i < shared.Others.Length; i++)
            {
                var bitmap = others?[i];
                var waiting = shared.Waiting[shared.Others[i]];
                if (waiting.Claimed)
                {
                    waiting.Completion.TrySetResult(bitmap);
                }
                else if (bitmap is not null && _keptBytes + bitmap.ByteCount <= MaxKeptBytes)
                {
                    waiting.Kept = bitmap;
                    _keptBytes += bitmap.ByteCount;
                }
                else
                {
                    // Not kept: that step decodes for itself when it comes.
                    bitmap?.Dispose();
                    shared.Waiting.Remove(shared.Others[i]);
                }
            }

            ForgetWhenEveryStepCame(originalKey, shared);
        }
    }

    // Under the lock.
    void ForgetWhenEveryStepCame(string originalKey, SharedDecode shared)
    {
        if (shared.Finished && shared.Claims == shared.Others.Length)
        {
            _decodes.Remove(originalKey);
        }
    }

    // Under the lock: the oldest finished decodes go first (their kept pixels freed) when more are remembered than allowed.
    void ForgetOldestBeyond(int count)
    {
        if (_decodes.Count <= count)
        {
            return;
        }

        foreach (var (key, shared) in _decodes.Where(d => d.Value.Finished).OrderBy(d => d.Value.Started).Take(_decodes.Count - count).ToList())
        {
            Forget(key, shared);
        }
    }

    // Under the lock.
    void Forget(string originalKey, SharedDecode shared)
    {
        foreach (var waiting in shared.Waiting.Values.Where(w => w.Kept is not null))
        {
            _keptBytes -= waiting.Kept!.ByteCount;
            waiting.Kept.Dispose();
            waiting.Kept = null;
        }

        _decodes.Remove(originalKey);
    }

    // Under the lock: bitmaps kept past KeepFor are for steps that are not coming (failed, or far behind): freed.
    void ForgetExpired()
    {
        var now = _clock.GetUtcNow();
        foreach (var (key, shared) in _decodes.Where(d => d.Value.Finished && now - d.Value.Started > KeepFor).ToList())
        {
            Forget(key, shared);
        }
    }

    sealed class SharedDecode(DateTimeOffset started, OriginalDecodeNeed[] others)
    {
        public DateTimeOffset Started { get; } = started;
        public OriginalDecodeNeed[] Others { get; } = others;
        public Dictionary<OriginalDecodeNeed, Waiting> Waiting { get; } = others.ToDictionary(o => o, _ => new Waiting());
        public bool Finished { get; set; }
        public int Claims { get; set; }
    }

    sealed class Waiting
    {
        public TaskCompletionSource<SKBitmap?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public SKBitmap? Kept { get; set; }
        public bool Claimed { get; set; }
    }
}

/// <summary>A step's turn at the cores and the original's upright pixels; disposing it frees both.</summary>
public sealed class DecodedOriginal(SKBitmap bitmap, FairImageWork.Turn turn) : IDisposable
{
    public SKBitmap Bitmap { get; } = bitmap;

    public void Dispose()
    {
        Bitmap.Dispose();
        turn.Dispose();
    }
}
