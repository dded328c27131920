//! Printing is the inverse of parsing: every data file (written in RFC 8866
//! §5 order with CRLF) prints back byte for byte, and a description written
//! out of order or with LF prints into one that parses to the same model.

mod support;

#[test]
fn every_data_file_prints_back_byte_for_byte() {
    let files = support::all_files();
    assert!(files.len() >= 15, "{files:?}");
    for file in files {
        let bytes = support::read(&file);
        assert_eq!(String::from_utf8(support::parse(&file).to_bytes()).unwrap(), String::from_utf8(bytes).unwrap());
    }
}

#[test]
fn out_of_order_fields_print_in_grammar_order_and_parse_back_equal() {
    let text = "v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nt=0 0\nb=AS:64\nc=IN IP4 192.0.2.1\nk=prompt\ni=info\n\
                m=audio 4000 RTP/AVP 0\nb=AS:64\ni=media info\n";
    let first = support::parse_text(text);
    let printed = first.to_string();
    assert_eq!(
        printed,
        "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\ni=info\r\nc=IN IP4 192.0.2.1\r\nb=AS:64\r\nt=0 0\r\nk=prompt\r\n\
         m=audio 4000 RTP/AVP 0\r\ni=media info\r\nb=AS:64\r\n"
    );
    assert_eq!(support::parse_text(&printed), first);
}
