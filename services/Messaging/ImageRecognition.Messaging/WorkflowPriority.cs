using MassTransit;

namespace ImageRecognition.ServiceDefaults.Messaging;

/// <summary>
/// Whose photo a broker hands out first. A worker chooses turns round robin between users only among the
/// messages it holds (<c>FairImageWork</c>, a prefetch of a few per core); a queue behind it is first come,
/// first served, so one user's flood would hold every later photo of everyone else. A run therefore starts
/// with a priority from its owner's backlog (fewer unfinished photos = higher), RabbitMQ hands out higher
/// priorities first (every queue is declared with <see cref="Levels"/>, see <see cref="PriorityQueueMigration"/>),
/// and MassTransit copies a consumed message's priority onto what its consumer sends, so the whole run keeps it.
/// The classes are logarithmic: a few photos stay ahead of a flood, a flood of 300 does not starve one of 30.
/// In one process (the in-memory transport) the turns are chosen from the whole backlog and this is not used.
/// </summary>
public static class WorkflowPriority
{
    /// <summary>The highest priority (<c>x-max-priority</c> of every queue): five classes, 0 to 4.</summary>
    public const byte Levels = 4;

    /// <summary>
    /// The priority of a run whose owner had <paramref name="unfinished"/> other photos waiting or running when it was
    /// asked for: under 4 -> 4, under 16 -> 3, under 64 -> 2, under 256 -> 1, more -> 0.
    /// </summary>
    public static byte FromBacklog(long unfinished)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(unfinished);
        var priority = (int)Levels;
        for (var bound = 4L; unfinished >= bound && priority > 0; bound *= 4)
        {
            priority--;
        }
        return (byte)priority;
    }

    /// <summary>Sets the broker's priority of what is sent (RabbitMQ); a transport without priorities ignores it.</summary>
    public static void SetWorkflowPriority(this SendContext context, byte priority)
        => context.TrySetPriority(Math.Min(priority, Levels));
}
