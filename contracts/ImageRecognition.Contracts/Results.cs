namespace ImageRecognition.Contracts;

/// <summary>
/// After the parallel branches joined: Albums stores labels and the thumbnail. <paramref name="LabelsMadeBy"/> is the
/// labels' provenance (the thumbnail's travels in <see cref="ThumbnailInfo.Rendering"/>); null from senders older than it.
/// </summary>
public sealed record StoreResults(Guid PhotoId, int Run, IReadOnlyList<DetectedLabel> Labels, ThumbnailInfo Thumbnail,
    LabelsProvenance? LabelsMadeBy = null) : IPhotoMessage;

public sealed record ResultsStored(Guid PhotoId, int Run, int Attempt) : IPhotoMessage;
