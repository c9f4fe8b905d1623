package dev.opaljitbot.opal;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** Lazy paging: a stream that fetches the next page only when the previous one has been read. */
final class Pages {
  private Pages() {}

  /** One page of results and the cursor of the next (null or empty on the last page). */
  record Page<T>(List<T> items, String next) {
    Page {
      items = items == null ? List.of() : items;
    }

    boolean isLast() {
      return next == null || next.isEmpty();
    }
  }

  /** {@code fetch} is given null for the first page, then each page's cursor. */
  static <T> Stream<T> stream(Function<String, Page<T>> fetch) {
    Iterator<T> iterator = new Iterator<>() {
      private Page<T> page;
      private int position;

      @Override
      public boolean hasNext() {
        while (page == null || position == page.items().size()) {
          if (page != null && page.isLast()) {
            return false;
          }
          String cursor = page == null ? null : page.next();
          page = fetch.apply(cursor);
          position = 0;
          if (cursor != null && cursor.equals(page.next())) {
            // A cursor that points at itself would page forever; treat the page as the last.
            page = new Page<>(page.items(), null);
          }
        }
        return true;
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return page.items().get(position++);
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED | Spliterator.NONNULL), false);
  }
}
