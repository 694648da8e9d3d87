"""The tf.data input pipeline: shuffle, repeat, batch, scale to [0, 1], prefetch.

The arrays are already in memory (zoo.data.load), so caching is implicit; images stay
uint8 until after batching so the cast is one vectorized op per batch.
"""
import tensorflow as tf


def train_dataset(images, labels, batch_size, shuffle_buffer, seed, flip=False):
  """Infinite dataset of global batches of (images float32 [batch, H, W, C] in [0, 1], or
  float32 points as given, labels int64 [batch]) from arrays, or from a tf.data.Dataset of
  (image, label) in `images` (labels None); `flip`: each image mirrored left-right with
  probability 1/2."""
  if isinstance(images, tf.data.Dataset):  # streamed (image, label) pairs, e.g. TFRecords
    ds = images.shuffle(shuffle_buffer, seed=seed, reshuffle_each_iteration=True)
    uint8 = images.element_spec[0].dtype == tf.uint8
  else:
    if len(images) < batch_size:
      raise ValueError(f"The dataset has {len(images)} examples, fewer than one batch of "
                       f"{batch_size}; lower --config.train.batch_size.")
    ds = tf.data.Dataset.from_tensor_slices((images, labels))
    ds = ds.shuffle(min(shuffle_buffer, len(images)), seed=seed, reshuffle_each_iteration=True)
    uint8 = images.dtype == "uint8"
  ds = ds.repeat().batch(batch_size, drop_remainder=True)
  if uint8:
    ds = ds.map(lambda x, y: (tf.cast(x, tf.float32) / 255.0, y),
                num_parallel_calls=tf.data.AUTOTUNE)
  if flip:
    ds = ds.enumerate().map(lambda i, xy: (_flip(xy[0], seed, i), xy[1]),
                            num_parallel_calls=tf.data.AUTOTUNE)
  # Multi-worker: the in-memory arrays have no files to shard, so every worker builds the
  # same shuffled global batches (same seed) and keeps its share of each one.
  options = tf.data.Options()
  options.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.DATA
  return ds.with_options(options).prefetch(tf.data.AUTOTUNE)


def _flip(images, seed, batch_index):
  """Mirrors each image of a batch with probability 1/2, from a seed of (seed, batch)."""
  coins = tf.random.stateless_uniform([tf.shape(images)[0], 1, 1, 1],
                                      tf.stack([tf.cast(seed, tf.int64), batch_index]))
  return tf.where(coins < 0.5, tf.reverse(images, axis=[2]), images)
