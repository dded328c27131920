//! Numbered pages over a list the page already holds (extensions, people,
//! audit records): `?page=N`, a fixed page size, "Newer"/"Older" links that
//! work without JavaScript.

use serde::Serialize;

/// Rows per page.
pub(crate) const PAGE_SIZE: usize = 25;

/// Where a page sits among all pages.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub(crate) struct Pager {
    /// This page, from 1.
    pub page: usize,
    /// How many pages there are (at least 1).
    pub pages: usize,
    /// How many rows in all.
    pub total: usize,
    /// The previous page, if any.
    pub prev: Option<usize>,
    /// The next page, if any.
    pub next: Option<usize>,
}

impl Pager {
    /// Page `asked` (clamped to the pages there are) of `total` rows.
    pub(crate) fn new(asked: Option<usize>, total: usize, size: usize) -> Self {
        let pages = total.div_ceil(size).max(1);
        let page = asked.unwrap_or(1).clamp(1, pages);
        Self { page, pages, total, prev: (page > 1).then(|| page - 1), next: (page < pages).then(|| page + 1) }
    }

    /// The rows of this page.
    pub(crate) fn cut<T>(&self, rows: Vec<T>, size: usize) -> Vec<T> {
        rows.into_iter().skip((self.page - 1) * size).take(size).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_clamp_and_link_their_neighbours() {
        let pager = Pager::new(Some(9), 51, 25);
        assert_eq!((pager.page, pager.pages, pager.prev, pager.next), (3, 3, Some(2), None));
        assert_eq!(pager.cut((0..51).collect(), 25), vec![50]);
        let empty = Pager::new(None, 0, 25);
        assert_eq!((empty.page, empty.pages, empty.prev, empty.next), (1, 1, None, None));
    }
}
