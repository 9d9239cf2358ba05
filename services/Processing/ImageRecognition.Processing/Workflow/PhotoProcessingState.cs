using ImageRecognition.Contracts;
using MassTransit;

namespace ImageRecognition.Processing.Workflow;

/// <summary>One photo's workflow: where it is, what it produced, and the history of its steps.</summary>
public sealed partial class PhotoProcessingState : SagaStateMachineInstance, ISagaVersion
{
    /// <summary>The photo id: one workflow per photo.</summary>
    public Guid CorrelationId { get; set; }

    /// <summary>Optimistic concurrency: every save checks and increments it.</summary>
    public int Version { get; set; }

    public string CurrentState { get; set; } = "";

    public Guid AlbumId { get; set; }
    public string UserId { get; set; } = "";
    public string FileName { get; set; } = "";
    public string OriginalKey { get; set; } = "";
    public long FileSize { get; set; }

    /// <summary>Which run this is (1, then +1 per reprocess); replies from an older run are ignored.</summary>
    public int Run { get; set; }

    /// <summary>Grows with every published status, so readers can drop stale ones.</summary>
    public long Sequence { get; set; }

    /// <summary>When a run that has not finished is ended as TimedOut; null once it finished.</summary>
    public DateTimeOffset? Deadline { get; set; }

    public string? CurrentStep { get; set; }

    /// <summary>When the current step's command was last sent again (a resume); progress for the stall sweep.</summary>
    public DateTimeOffset? ResentAt { get; set; }
    public ImageMetadata? Metadata { get; set; }
    public List<DetectedLabel>? Labels { get; set; }

    /// <summary>What made <see cref="Labels"/> (models and versions); null from a worker older than it.</summary>
    public LabelsProvenance? LabelsMadeBy { get; set; }
    public ThumbnailInfo? Thumbnail { get; set; }
    public StepFailure? Failure { get; set; }
    public List<ExecutionStep> Steps { get; set; } = [];
}
