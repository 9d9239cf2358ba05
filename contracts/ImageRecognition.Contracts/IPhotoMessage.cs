namespace ImageRecognition.Contracts;

/// <summary>A message about one photo; its id goes into every log line written while it is handled.</summary>
public interface IPhotoMessage
{
    Guid PhotoId { get; }
}
