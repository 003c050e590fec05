package io.tidemark.lake.schema;

import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/** The column types the lake uses, with their Java value type and Parquet physical/logical type. */
public enum ColumnType {
  /** {@link String}, stored as BINARY with the STRING (UTF8) logical type. */
  STRING(String.class, PrimitiveTypeName.BINARY, LogicalTypeAnnotation.stringType()),
  /**
   * {@link java.time.Instant}, stored as INT64 TIMESTAMP(MILLIS, isAdjustedToUTC=true); anything
   * finer than a millisecond is truncated on write.
   */
  TIMESTAMP(java.time.Instant.class, PrimitiveTypeName.INT64,
      LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS)),
  /** {@link Long}, INT64. */
  INT64(Long.class, PrimitiveTypeName.INT64, null),
  /** {@link Integer}, INT32. */
  INT32(Integer.class, PrimitiveTypeName.INT32, null),
  /** {@link Boolean}, BOOLEAN. */
  BOOLEAN(Boolean.class, PrimitiveTypeName.BOOLEAN, null),
  /** {@link Double}, DOUBLE. */
  DOUBLE(Double.class, PrimitiveTypeName.DOUBLE, null);

  private final Class<?> javaType;
  private final PrimitiveTypeName physical;
  private final LogicalTypeAnnotation logical;

  ColumnType(Class<?> javaType, PrimitiveTypeName physical, LogicalTypeAnnotation logical) {
    this.javaType = javaType;
    this.physical = physical;
    this.logical = logical;
  }

  public Class<?> javaType() {
    return javaType;
  }

  public PrimitiveTypeName physical() {
    return physical;
  }

  /** The logical type annotation, or null for plain physical types. */
  public LogicalTypeAnnotation logical() {
    return logical;
  }
}
