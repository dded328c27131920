//! Mixing two linear streams adds them with saturation and pads the
//! shorter with silence.

use rtp::wav::mix;

#[test]
fn samples_add_and_clip() {
    assert_eq!(mix(&[1, 2, 30000, -30000], &[10, -2, 10000, -10000]), [11, 0, i16::MAX, i16::MIN]);
}

#[test]
fn the_shorter_stream_is_padded_with_silence() {
    assert_eq!(mix(&[5], &[1, 2, 3]), [6, 2, 3]);
    assert_eq!(mix(&[], &[]), Vec::<i16>::new());
}
