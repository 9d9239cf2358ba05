using Microsoft.Extensions.Options;

namespace ImageRecognition.Imaging;

/// <summary>
/// The memory that image decoding may hold at once in this process, shared by every step that decodes
/// (thumbnails, labels, previews). A decode reserves what its plan needs before any pixel memory exists
/// and waits while others hold the rest, so memory is bounded by this budget and not by how many large
/// images happen to arrive together. Waiters are served in order, so a large decode is not starved by
/// small ones; one decode larger than the whole budget reserves all of it and runs alone.
/// </summary>
public sealed class DecodeMemoryBudget
{
    readonly Lock _lock = new();
    readonly LinkedList<Waiter> _waiters = new();
    long _available;

    public DecodeMemoryBudget(IOptions<ImageLimits> limits)
        : this((limits ?? throw new ArgumentNullException(nameof(limits))).Value.DecodeMemoryBudgetBytes)
    {
    }

    public DecodeMemoryBudget(long capacityBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacityBytes);
        Capacity = capacityBytes;
        _available = capacityBytes;
    }

    public long Capacity { get; }

    /// <summary>Bytes not reserved right now.</summary>
    public long Available
    {
        get
        {
            lock (_lock)
            {
                return _available;
            }
        }
    }

    /// <summary>Waits until <paramref name="bytes"/> (at most the whole budget) are free and holds them until the result is disposed.</summary>
    public async ValueTask<Reservation> ReserveAsync(long bytes, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        var wanted = Math.Min(bytes, Capacity);
        Waiter waiter;
        lock (_lock)
        {
            if (_waiters.Count == 0 && _available >= wanted)
            {
                _available -= wanted;
                return new Reservation(this, wanted);
            }

            waiter = new Waiter(wanted);
            waiter.Node = _waiters.AddLast(waiter);
        }

        await using (cancellationToken.Register(() => Abandon(waiter, cancellationToken)))
        {
            await waiter.Granted.Task.ConfigureAwait(false);
        }

        return new Reservation(this, wanted);
    }

    void Abandon(Waiter waiter, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (waiter.Node?.List is null)
            {
                return; // already granted: the caller gets its reservation and disposes it
            }

            _waiters.Remove(waiter.Node);
            GrantWaiting();
        }

        waiter.Granted.TrySetCanceled(cancellationToken);
    }

    void Release(long bytes)
    {
        lock (_lock)
        {
            _available += bytes;
            GrantWaiting();
        }
    }

    /// <summary>Hands free bytes to the waiters at the head of the line, in order. Called under the lock.</summary>
    void GrantWaiting()
    {
        while (_waiters.First is { } first && _available >= first.Value.Bytes)
        {
            _available -= first.Value.Bytes;
            _waiters.RemoveFirst();
            first.Value.Granted.TrySetResult();
        }
    }

    sealed class Waiter(long bytes)
    {
        public long Bytes { get; } = bytes;

        public LinkedListNode<Waiter>? Node { get; set; }

        // Continuations run elsewhere, never inside the lock of the releasing thread.
        public TaskCompletionSource Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Bytes held from the budget until disposed.</summary>
    public sealed class Reservation : IDisposable
    {
        readonly DecodeMemoryBudget _budget;
        long _bytes;

        internal Reservation(DecodeMemoryBudget budget, long bytes)
        {
            _budget = budget;
            _bytes = bytes;
        }

        public long Bytes => Interlocked.Read(ref _bytes);

        public void Dispose()
        {
            var bytes = Interlocked.Exchange(ref _bytes, 0);
            if (bytes > 0)
            {
                _budget.Release(bytes);
            }
        }
    }
}
