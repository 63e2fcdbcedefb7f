#include "colloq/exports/pdf_stream.hpp"

#include <stdexcept>
#include <utility>

#include <cairo-pdf.h>

#include "colloq/exports/utf8.hpp"

namespace colloq::exports {

pdf_stream::pdf_stream(byte_sink sink, double width, double height, const std::string& title)
    : out_(std::move(sink)),
      surface_(cairo_pdf_surface_create_for_stream(&pdf_stream::write, this, width, height),
               &cairo_surface_destroy),
      cr_(nullptr, &cairo_destroy) {
    if (cairo_surface_status(surface_.get()) != CAIRO_STATUS_SUCCESS)
        throw std::runtime_error("cairo could not start the PDF");
    const std::string clean_title = valid_utf8(title);
    cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_TITLE, clean_title.c_str());
    cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_CREATOR, "colloq");
    cr_.reset(cairo_create(surface_.get()));
    if (cairo_status(cr_.get()) != CAIRO_STATUS_SUCCESS) throw std::runtime_error("cairo could not draw the PDF");
}

pdf_stream::~pdf_stream() {
    discard_ = true;
    cr_.reset();
    surface_.reset();
}

cairo_status_t pdf_stream::write(void* closure, const unsigned char* data, unsigned int length) {
    auto* self = static_cast<pdf_stream*>(closure);
    if (self->discard_) return CAIRO_STATUS_SUCCESS;
    try {
        self->out_.write(std::string_view(reinterpret_cast<const char*>(data), length));
    } catch (...) {
        // cairo is C: the exception waits here and is thrown again in check().
        if (!self->sink_error_) self->sink_error_ = std::current_exception();
        return CAIRO_STATUS_WRITE_ERROR;
    }
    return CAIRO_STATUS_SUCCESS;
}

void pdf_stream::check(const char* what) {
    if (sink_error_) std::rethrow_exception(sink_error_);
    cairo_status_t status = cairo_status(cr_.get());
    if (status == CAIRO_STATUS_SUCCESS) status = cairo_surface_status(surface_.get());
    if (status != CAIRO_STATUS_SUCCESS)
        throw std::runtime_error(std::string(what) + ": " + cairo_status_to_string(status));
}

void pdf_stream::show_page() {
    cairo_show_page(cr_.get());
    check("cairo could not write a PDF page");
}

void pdf_stream::finish() {
    cairo_surface_finish(surface_.get());
    if (sink_error_) std::rethrow_exception(sink_error_);
    cairo_status_t status = cairo_surface_status(surface_.get());
    if (status != CAIRO_STATUS_SUCCESS)
        throw std::runtime_error(std::string("cairo could not finish the PDF: ") + cairo_status_to_string(status));
    out_.flush();
}

}  // namespace colloq::exports
