//! Issue 5, item 2: the enrolment QR code is an SVG that a QR decoder reads
//! back as the otpauth URI. The SVG is rasterised here from its path and
//! decoded by rqrr, an independent decoder.

use access::totp::{Enrolment, qr_svg};

/// Parses `viewBox="0 0 N N"` and the `M x,y h1v1h-1z` squares into a grid.
fn rasterise(svg: &str) -> (usize, Vec<bool>) {
    let size: usize = svg.split("viewBox=\"0 0 ").nth(1).unwrap().split(' ').next().unwrap().parse().unwrap();
    let path = svg.split(" d=\"").nth(1).unwrap().split('"').next().unwrap();
    let mut grid = vec![false; size * size];
    for square in path.split('M').filter(|s| !s.is_empty()) {
        let (x, rest) = square.split_once(',').unwrap();
        let y = rest.split('h').next().unwrap();
        grid[y.parse::<usize>().unwrap() * size + x.parse::<usize>().unwrap()] = true;
    }
    (size, grid)
}

fn decode(svg: &str) -> String {
    let (size, grid) = rasterise(svg);
    let scale = 4;
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(size * scale, size * scale, |x, y| {
        if grid[(y / scale) * size + x / scale] { 0 } else { 255 }
    });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the image");
    grids[0].decode().unwrap().1
}

#[test]
fn the_qr_code_decodes_to_the_uri() {
    let enrolment = Enrolment::start("callvault", "ann@example.com").unwrap();
    assert!(enrolment.qr_svg.starts_with("<?xml"));
    assert!(enrolment.qr_svg.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert_eq!(decode(&enrolment.qr_svg), enrolment.uri.as_str());
}

#[test]
fn text_too_long_for_any_qr_version_is_refused() {
    assert_eq!(qr_svg(&"x".repeat(8000)), Err(access::AccessError::QrCodeTooLong));
}
