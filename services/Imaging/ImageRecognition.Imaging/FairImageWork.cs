namespace ImageRecognition.Imaging;

/// <summary>
/// Turns at the process's image work (thumbnails, labels, previews: decoding and inference), one per core,
/// shared fairly between users: when work waits, the next turn goes to the user after the one served last,
/// round robin, whatever order the work arrived in. One user's backlog of a thousand photos then delays
/// another user's photo by at most one turn of each user with work waiting, instead of the whole backlog.
/// The steps take in more messages than there are turns so that the choice can be made here; what waits
/// holds no image (the original is opened after the turn is given).
/// </summary>
public sealed class FairImageWork
{
    readonly Lock _lock = new();
    // Users with work waiting, in the order their turns come; each with its own waiting work, oldest first.
    readonly LinkedList<UserQueue> _ring = new();
    readonly Dictionary<string, UserQueue> _queues = new(StringComparer.Ordinal);
    int _freeTurns;

    public FairImageWork()
        : this(Environment.ProcessorCount)
    {
    }

    public FairImageWork(int turns)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(turns);
        Turns = turns;
        _freeTurns = turns;
    }

    /// <summary>How many pieces of image work run at once.</summary>
    public int Turns { get; }

    /// <summary>Work waiting for a turn, all users together.</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _queues.Values.Sum(q => q.Waiters.Count);
            }
        }
    }

    /// <summary>Waits for <paramref name="userId"/>'s turn; the work runs until the result is disposed.</summary>
    public ValueTask<Turn> EnterAsync(string userId, CancellationToken cancellationToken = default) => EnterAsync(userId, aheadOfOwnWork: false, cancellationToken);

    /// <summary>
    /// Waits for <paramref name="userId"/>'s turn; with <paramref name="aheadOfOwnWork"/>, ahead of that user's other waiting
    /// work (never of other users'): for work that already holds its pixels, so that it finishes its photo and frees them
    /// before the user's next photo is begun.
    /// </summary>
    public ValueTask<Turn> EnterAsync(string userId, bool aheadOfOwnWork, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        cancellationToken.ThrowIfCancellationRequested();
        Waiter waiter;
        lock (_lock)
        {
            if (_freeTurns > 0 && _ring.Count == 0)
            {
                _freeTurns--;
                return ValueTask.FromResult(new Turn(this));
            }

            if (!_queues.TryGetValue(userId, out var queue))
            {
                queue = new UserQueue(userId);
                _queues.Add(userId, queue);
            }

            if (queue.Node is null)
            {
                queue.Node = _ring.AddLast(queue);
            }

            waiter = new Waiter(queue);
            waiter.Node = aheadOfOwnWork ? queue.Waiters.AddFirst(waiter) : queue.Waiters.AddLast(waiter);
        }

        return new ValueTask<Turn>(WaitAsync(waiter, cancellationToken));
    }

    async Task<Turn> WaitAsync(Waiter waiter, CancellationToken cancellationToken)
    {
        await using (cancellationToken.Register(() => Cancel(waiter, cancellationToken)))
        {
            await waiter.Completion.Task.ConfigureAwait(false);
        }

        return new Turn(this);
    }

    void Cancel(Waiter waiter, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (waiter.Node is null)
            {
                return; // already given its turn: the turn is released by its owner
            }

            Remove(waiter);
        }

        waiter.Completion.TrySetCanceled(cancellationToken);
    }

    void Release()
    {
        Waiter? next;
        lock (_lock)
        {
            next = _ring.First?.Value.Waiters.First?.Value;
            if (next is null)
            {
                _freeTurns++;
                return;
            }

            var queue = next.Queue;
            Remove(next);
            // The user served now goes to the back of the ring if more of its work waits.
            if (queue.Node is not null)
            {
                _ring.Remove(queue.Node);
                queue.Node = _ring.AddLast(queue);
            }
        }

        // Completed outside the lock: the continuation may run inline.
        next.Completion.TrySetResult();
    }

    // Under the lock: takes the waiter out, and its user out of the ring when nothing of theirs waits.
    void Remove(Waiter waiter)
    {
        var queue = waiter.Queue;
        queue.Waiters.Remove(waiter.Node!);
        waiter.Node = null;
        if (queue.Waiters.Count == 0)
        {
            if (queue.Node is not null)
            {
                _ring.Remove(queue.Node);
                queue.Node = null;
            }

            _queues.Remove(queue.UserId);
        }
    }

    /// <summary>A turn at the image work; disposing it gives the turn to the next user in line.</summary>
    public sealed class Turn : IDisposable
    {
        FairImageWork? _owner;

        internal Turn(FairImageWork owner) => _owner = owner;

        public void Dispose() => Interlocked.Exchange(ref _owner, null)?.Release();
    }

    sealed class UserQueue(string userId)
    {
        public string UserId { get; } = userId;
        public LinkedList<Waiter> Waiters { get; } = new();
        public LinkedListNode<UserQueue>? Node { get; set; }
    }

    sealed class Waiter(UserQueue queue)
    {
        public UserQueue Queue { get; } = queue;
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public LinkedListNode<Waiter>? Node { get; set; }
    }
}
