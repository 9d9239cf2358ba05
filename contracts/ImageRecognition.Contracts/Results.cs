namespace ImageRecognition.Contracts;

/// <summary>After the parallel branches joined: Albums stores labels and the thumbnail.</summary>
public sealed record StoreResults(Guid PhotoId, int Run, IReadOnlyList<DetectedLabel> Labels, ThumbnailInfo Thumbnail) : IPhotoMessage;

public sealed record ResultsStored(Guid PhotoId, int Run, int Attempt) : IPhotoMessage;
